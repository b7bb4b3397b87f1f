package ai.omnix.pipeline.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceDownloadTest {

  @Test
  void namesTheLocalCopyAfterTheSniffedTypeNeverTheUsersName() {
    assertThat(SourceDownload.localName("image/jpeg")).isEqualTo("source.jpg");
    assertThat(SourceDownload.localName("video/quicktime")).isEqualTo("source.mov");
    assertThat(SourceDownload.localName("application/x-mpegURL")).isEqualTo("source");
    assertThat(SourceDownload.localName("text/plain")).isEqualTo("source");
    assertThat(SourceDownload.localName(null)).isEqualTo("source");
  }
}
