package ai.omnix.pipeline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelinedHashingInputStreamTest {
  private final ThreadPoolExecutor hashers = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    hashers.shutdownNow();
  }

  private static byte[] bytes(int size) {
    byte[] data = new byte[size];
    new SplittableRandom(size).nextBytes(data);
    return data;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** Reads in uneven pieces, as a storage backend might. */
  private static byte[] drain(InputStream in, int size) throws Exception {
    byte[] out = new byte[size + 1];
    int total = 0;
    SplittableRandom random = new SplittableRandom(7);
    while (true) {
      int want = Math.min(1 + random.nextInt(300_000), out.length - total);
      int n = in.read(out, total, want);
      if (n == -1) {
        break;
      }
      total += n;
    }
    assertThat(total).isEqualTo(size);
    return java.util.Arrays.copyOf(out, size);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_535, 262_143, 262_144, 262_145, 3_670_017})
  void passesTheBytesThroughAndHashesThemOnAnotherThread(int size) throws Exception {
    byte[] data = bytes(size);
    PipelinedHashingInputStream in =
        new PipelinedHashingInputStream(new ByteArrayInputStream(data), Long.MAX_VALUE, hashers);
    assertThat(drain(in, size)).isEqualTo(data);
    assertThat(in.sha256Hex()).isEqualTo(sha256(data));
    assertThat(in.count()).isEqualTo(size);
  }

  @Test
  void withoutAFreeHasherItHashesOnTheCallersThread() throws Exception {
    byte[] data = bytes(1_000_000);
    PipelinedHashingInputStream in =
        new PipelinedHashingInputStream(
            new ByteArrayInputStream(data),
            Long.MAX_VALUE,
            r -> {
              throw new RejectedExecutionException("busy");
            });
    assertThat(drain(in, data.length)).isEqualTo(data);
    assertThat(in.sha256Hex()).isEqualTo(sha256(data));
  }

  @Test
  void failsOnceTheLimitIsPassedAndReleasesTheHasher() throws Exception {
    PipelinedHashingInputStream in =
        new PipelinedHashingInputStream(
            new ByteArrayInputStream(bytes(2_000_000)), 1_000_000, hashers);
    assertThatThrownBy(() -> drain(in, 2_000_000))
        .isInstanceOf(HashingInputStream.LimitExceededException.class);
    in.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hashers.getActiveCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(hashers.getActiveCount()).isZero();
  }
}
