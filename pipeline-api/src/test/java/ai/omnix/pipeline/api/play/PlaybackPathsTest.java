package ai.omnix.pipeline.api.play;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlaybackPathsTest {

  @ParameterizedTest
  @CsvSource({
    "hls/master.m3u8, application/vnd.apple.mpegurl",
    "hls/720p/index.m3u8, application/vnd.apple.mpegurl",
    "hls/720p/init.mp4, video/mp4",
    "hls/720p/segment-00001.m4s, video/mp4",
    "hls/360p/segment-00001.ts, video/mp2t",
    "dash/audio/seg.M4A, audio/mp4",
    "captions/en.vtt, text/vtt"
  })
  void anOutputsOwnSpellingIsServedWithAPlayerType(String path, String type) {
    assertThat(PlaybackPaths.outputName(path)).contains(path);
    assertThat(PlaybackPaths.contentType(path)).contains(type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "/hls/master.m3u8",
        "/etc/passwd",
        "hls/../hls/master.m3u8",
        "../master.m3u8",
        "hls/..",
        "hls/./master.m3u8",
        "./master.m3u8",
        "hls/%2e%2e/master.m3u8",
        "hls/%2E%2E/master.m3u8",
        "hls%2fmaster.m3u8",
        "hls/%252e%252e/master.m3u8",
        "hls\\..\\master.m3u8",
        "hls//master.m3u8",
        "hls/master.m3u8/",
        "hls/master.m3u8;jsessionid=1",
        "hls;x/master.m3u8",
        "hls/master.m3u8?x=1",
        "hls/master.m3u8#x",
        ".hidden/master.m3u8",
        "hls/.m3u8",
        "a/b/c/d/e.m3u8",
        "hls/master.html",
        "hls/master.svg",
        "hls/master",
        "hls/ma ster.m3u8",
        "hls/mäster.m3u8",
        "C:/hls/master.m3u8"
      })
  void anyOtherSpellingOrTypeIsRefused(String path) {
    assertThat(PlaybackPaths.outputName(path)).as(path).isEmpty();
  }
}
