package ai.omnix.pipeline.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaWorkspaceTest {

  @Test
  void namesTheLocalCopyAfterTheSniffedTypeNeverTheUsersName() {
    assertThat(MediaWorkspace.sourceName("image/jpeg")).isEqualTo("source.jpg");
    assertThat(MediaWorkspace.sourceName("video/quicktime")).isEqualTo("source.mov");
    assertThat(MediaWorkspace.sourceName("application/x-mpegURL")).isEqualTo("source");
    assertThat(MediaWorkspace.sourceName("text/plain")).isEqualTo("source");
    assertThat(MediaWorkspace.sourceName(null)).isEqualTo("source");
  }
}
