package ai.omnix.pipeline.core.job.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputCopyTest {
  @TempDir Path dir;

  /** A stored asset whose blob the test controls: its bytes, or a failure on open. */
  private static final class OneAsset implements JobAssets {
    final JobAssets.InputAsset recorded;
    final byte[] stored;
    final IOException onOpen;
    final AtomicLong served = new AtomicLong();

    OneAsset(long recordedSize, byte[] stored, IOException onOpen) {
      this.recorded = new InputAsset("ast_1", "in.bin", "video/mp4", recordedSize, "sha");
      this.stored = stored;
      this.onOpen = onOpen;
    }

    @Override
    public InputAsset describe(String assetId) {
      return recorded;
    }

    @Override
    public void annotate(String assetId, String key, Map<String, Object> facts) {}

    @Override
    public InputStream open(String assetId) throws IOException {
      if (onOpen != null) {
        throw onOpen;
      }
      return new ByteArrayInputStream(stored) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          int n = super.read(b, off, len);
          if (n > 0) {
            served.addAndGet(n);
          }
          return n;
        }
      };
    }

    @Override
    public OutputAsset write(
        String name, String sourceAssetId, InputStream content, long length, String type) {
      throw new UnsupportedOperationException();
    }
  }

  /** A job whose cancel flag goes up after {@code cancelAfterChecks} cancel checks. */
  private static final class Job implements JobExecution {
    final JobAssets assets;
    final int cancelAfterChecks;
    int checks;

    Job(JobAssets assets, int cancelAfterChecks) {
      this.assets = assets;
      this.cancelAfterChecks = cancelAfterChecks;
    }

    @Override
    public boolean isCancelRequested() {
      return ++checks > cancelAfterChecks;
    }

    @Override
    public JobAssets assets() {
      return assets;
    }

    @Override
    public JobId jobId() {
      return null;
    }

    @Override
    public TenantId tenantId() {
      return null;
    }

    @Override
    public Plan plan() {
      return Plan.PRO;
    }

    @Override
    public String type() {
      return "test";
    }

    @Override
    public JobInput input() {
      return JobInput.asset("ast_1");
    }

    @Override
    public Map<String, Object> params() {
      return Map.of();
    }

    @Override
    public int attempt() {
      return 1;
    }

    @Override
    public void reportProgress(int percent) {}

    @Override
    public void onCancel(Runnable hook) {}

    @Override
    public boolean recordEffect(String effectKey) {
      return true;
    }

    @Override
    public Map<String, Object> checkpoint() {
      return Map.of();
    }

    @Override
    public void saveCheckpoint(Map<String, Object> checkpoint) {}
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 7);
    return b;
  }

  @Test
  void copiesTheAssetToAFileInBuffersReportingBytesRead() throws Exception {
    byte[] content = bytes(3 * InputCopy.BUFFER_BYTES + 5);
    OneAsset asset = new OneAsset(content.length, content, null);
    Path target = dir.resolve("copy");

    JobAssets.InputAsset copied =
        InputCopy.toFile(new Job(asset, Integer.MAX_VALUE), "ast_1", target);

    assertThat(copied).isEqualTo(asset.recorded);
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    List<Long> progress = new ArrayList<>();
    long read =
        InputCopy.toStream(
            new Job(asset, Integer.MAX_VALUE),
            asset.recorded,
            new ByteArrayOutputStream(),
            progress::add);
    assertThat(read).isEqualTo(content.length);
    assertThat(progress).hasSize(4).endsWith((long) content.length);
  }

  @Test
  void aCancelStopsTheCopyBetweenBuffersAndLeavesNoFile() {
    byte[] content = bytes(10 * InputCopy.BUFFER_BYTES);
    OneAsset asset = new OneAsset(content.length, content, null);
    Path target = dir.resolve("copy");

    catchThrowableOfType(
        JobCanceledException.class, () -> InputCopy.toFile(new Job(asset, 2), "ast_1", target));

    assertThat(asset.served.get()).isLessThanOrEqualTo(3L * InputCopy.BUFFER_BYTES);
    assertThat(target).doesNotExist();
  }

  @Test
  void aBlobLargerThanRecordedIsReadOnlyOneBytePastTheRecordedSizeAndRefused() {
    OneAsset asset = new OneAsset(1000, bytes(50 * InputCopy.BUFFER_BYTES), null);
    Path target = dir.resolve("copy");

    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class,
            () -> InputCopy.toFile(new Job(asset, Integer.MAX_VALUE), "ast_1", target));

    assertThat(e.code()).isEqualTo("asset_corrupt");
    assertThat(e.retryable()).isFalse();
    assertThat(asset.served.get()).isEqualTo(1001);
    assertThat(target).doesNotExist();
  }

  @Test
  void aBlobShorterThanRecordedIsRefused() {
    OneAsset asset = new OneAsset(1000, bytes(10), null);
    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class,
            () ->
                InputCopy.toFile(new Job(asset, Integer.MAX_VALUE), "ast_1", dir.resolve("copy")));
    assertThat(e.code()).isEqualTo("asset_corrupt");
  }

  @Test
  void missingBytesAreNotRetryableButAStorageFailureIs() {
    OneAsset missing = new OneAsset(10, null, new NoSuchBlobException(BlobKey.of("a", "b")));
    JobFailedException gone =
        catchThrowableOfType(
            JobFailedException.class,
            () ->
                InputCopy.toFile(
                    new Job(missing, Integer.MAX_VALUE), "ast_1", dir.resolve("copy")));
    assertThat(gone.code()).isEqualTo("asset_missing");
    assertThat(gone.retryable()).isFalse();

    OneAsset down = new OneAsset(10, null, new IOException("connection reset"));
    JobFailedException unavailable =
        catchThrowableOfType(
            JobFailedException.class,
            () -> InputCopy.toFile(new Job(down, Integer.MAX_VALUE), "ast_1", dir.resolve("copy")));
    assertThat(unavailable.code()).isEqualTo("storage_unavailable");
    assertThat(unavailable.retryable()).isTrue();
    assertThat(dir.resolve("copy")).doesNotExist();
  }
}
