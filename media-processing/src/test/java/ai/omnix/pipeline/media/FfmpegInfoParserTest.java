package ai.omnix.pipeline.media;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.testing.SampleProbes;
import org.junit.jupiter.api.Test;

class FfmpegInfoParserTest {

  @Test
  void readsContainerDurationAndStreamsOfAnMp4() {
    MediaInfo info =
        FfmpegInfoParser.parse(SampleProbes.mp4("/a b'c.mp4", "00:01:03.50", 640, 360, 25, true))
            .orElseThrow();
    assertThat(info.container()).isEqualTo("mp4");
    assertThat(info.formatNames()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
    assertThat(info.durationSeconds()).isEqualTo(63.5);
    assertThat(info.bitRateKbps()).isEqualTo(1840);
    assertThat(info.streams())
        .containsExactly(
            new MediaInfo.Stream(0, "video", "h264", 640, 360, 25.0, 1756, null, null, 0),
            new MediaInfo.Stream(1, "audio", "aac", null, null, null, 75, 1, 44100, null));
  }

  @Test
  void readsRotationAndFractionalFrameRates() {
    MediaInfo info = FfmpegInfoParser.parse(SampleProbes.rotatedMp4("/x")).orElseThrow();
    MediaInfo.Stream video = info.firstVideo().orElseThrow();
    assertThat(video.rotation()).isEqualTo(90);
    assertThat(video.frameRate()).isEqualTo(29.97);
    assertThat(video.displayWidth()).isEqualTo(1080);
    assertThat(video.displayHeight()).isEqualTo(1920);
    assertThat(info.firstAudio().orElseThrow().channels()).isEqualTo(2);
    assertThat(info.toSummary())
        .containsEntry("rotation", 90)
        .containsEntry("width", 1080)
        .containsEntry("height", 1920);
  }

  @Test
  void readsRotationFromTheDisplayMatrixAlone() {
    String text = SampleProbes.rotatedMp4("/x").replace("      rotate          : 90\n", "");
    assertThat(FfmpegInfoParser.parse(text).orElseThrow().firstVideo().orElseThrow().rotation())
        .isEqualTo(90);
  }

  @Test
  void aStillImageHasNoDuration() {
    MediaInfo info = FfmpegInfoParser.parse(SampleProbes.png("/x")).orElseThrow();
    assertThat(info.container()).isEqualTo("png");
    assertThat(info.durationSeconds()).isNull();
    assertThat(info.toSummary()).doesNotContainKey("duration_s");
  }

  @Test
  void unrecognisedInputParsesToNothing() {
    assertThat(FfmpegInfoParser.parse(SampleProbes.invalid("/x"))).isEmpty();
    assertThat(FfmpegInfoParser.parse("")).isEmpty();
  }

  @Test
  void keepsAtMostSixtyFourStreamsAndSurvivesAbsurdNumbers() {
    StringBuilder text =
        new StringBuilder(
            "Input #0, matroska,webm, from '/x':\n  Duration: 00:00:01.00, start: 0.0,"
                + " bitrate: 99999999999 kb/s\n");
    for (int i = 0; i < 1000; i++) {
      text.append("  Stream #0:")
          .append(i)
          .append(": Video: vp9, yuv420p, 99999999999x2 , 25 fps\n");
    }
    MediaInfo info = FfmpegInfoParser.parse(text.toString()).orElseThrow();
    assertThat(info.streams()).hasSize(FfmpegInfoParser.MAX_STREAMS);
    assertThat(info.bitRateKbps()).isNull();
    assertThat(info.container()).isEqualTo("webm");
  }

  @Test
  void mapsChannelLayouts() {
    assertThat(FfmpegInfoParser.channels("mono")).isEqualTo(1);
    assertThat(FfmpegInfoParser.channels("5.1(side)")).isEqualTo(6);
    assertThat(FfmpegInfoParser.channels("3 channels")).isEqualTo(3);
    assertThat(FfmpegInfoParser.channels("weird")).isNull();
  }
}
