package ai.omnix.pipeline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashingInputStreamTest {

  @Test
  void countsAndHashesWhatPassesThrough() throws Exception {
    HashingInputStream in =
        new HashingInputStream(
            new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), 10);
    assertThat(in.readAllBytes()).hasSize(3);
    assertThat(in.count()).isEqualTo(3);
    assertThat(in.sha256Hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void failsAsSoonAsTheLimitIsPassed() {
    HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(new byte[1000]), 999);
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(HashingInputStream.LimitExceededException.class);
    assertThat(in.count()).isLessThanOrEqualTo(1000);
  }
}
