package ai.omnix.pipeline.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.media.FfmpegInfoParser;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.testing.SampleProbes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscodeCommandTest {
  private static final Path IN = Path.of("/work/job-1/source");
  private static final Path OUT_MP4 = Path.of("/work/job-1/rendition.mp4");
  private static final Path OUT_WEBM = Path.of("/work/job-1/rendition.webm");
  private static final List<String> HEAD =
      List.of(
          "-hide_banner",
          "-nostdin",
          "-y",
          "-v",
          "error",
          "-nostats",
          "-progress",
          "pipe:1",
          "-protocol_whitelist",
          "file");

  private static MediaInfo source(int width, int height, double fps, boolean audio) {
    return FfmpegInfoParser.parse(SampleProbes.mp4("/x", "00:00:10.00", width, height, fps, audio))
        .orElseThrow();
  }

  private static List<String> args(Map<String, Object> params, MediaInfo source, Path out) {
    TranscodePlan plan =
        TranscodePlan.of(TranscodeRequest.fromParams(params), source, MediaLimits.defaults());
    return TranscodeCommand.arguments(plan, IN, out);
  }

  private static List<String> concat(List<String> head, String... rest) {
    var all = new java.util.ArrayList<>(head);
    all.addAll(List.of(rest));
    return all;
  }

  @Test
  void web720pScalesA1080pSourceToH264AacWithFaststart() {
    assertThat(args(Map.of("preset", "web-720p"), source(1920, 1080, 25, true), OUT_MP4))
        .isEqualTo(
            concat(
                HEAD,
                "-i",
                "/work/job-1/source",
                "-map",
                "0:v:0",
                "-map",
                "0:a:0",
                "-vf",
                "scale=-2:720:flags=bicubic,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-b:v",
                "2500k",
                "-maxrate",
                "3750k",
                "-bufsize",
                "5000k",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-ac",
                "2",
                "-map_metadata",
                "-1",
                "-movflags",
                "+faststart",
                "-f",
                "mp4",
                "/work/job-1/rendition.mp4"));
  }

  @Test
  void noPresetMeansWeb720p() {
    assertThat(args(Map.of(), source(1920, 1080, 25, true), OUT_MP4))
        .isEqualTo(args(Map.of("preset", "web-720p"), source(1920, 1080, 25, true), OUT_MP4));
  }

  @Test
  void web1080pNeverUpscalesA360pSource() {
    assertThat(args(Map.of("preset", "web-1080p"), source(640, 360, 25, true), OUT_MP4))
        .contains("scale=-2:360:flags=bicubic,format=yuv420p", "5000k");
  }

  @Test
  void upscalesOnlyWhenAllowed() {
    assertThat(
            args(
                Map.of("preset", "web-1080p", "allow_upscale", true),
                source(640, 360, 25, true),
                OUT_MP4))
        .contains("scale=-2:1080:flags=bicubic,format=yuv420p");
  }

  @Test
  void mobile480pCapsA60FpsSourceAt30AndTrims() {
    assertThat(
            args(
                Map.of("preset", "mobile-480p", "start_s", 1.5, "end_s", 4),
                source(1280, 720, 60, true),
                OUT_MP4))
        .isEqualTo(
            concat(
                HEAD,
                "-ss",
                "1.5",
                "-i",
                "/work/job-1/source",
                "-t",
                "2.5",
                "-map",
                "0:v:0",
                "-map",
                "0:a:0",
                "-vf",
                "fps=30,scale=-2:480:flags=bicubic,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-b:v",
                "1000k",
                "-maxrate",
                "1500k",
                "-bufsize",
                "2000k",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-ac",
                "2",
                "-map_metadata",
                "-1",
                "-movflags",
                "+faststart",
                "-f",
                "mp4",
                "/work/job-1/rendition.mp4"));
  }

  @Test
  void explicitWebmIsVp9RealtimeWithOpusAndExplicitValuesOverrideThePreset() {
    assertThat(
            args(
                Map.of(
                    "preset",
                    "web-1080p",
                    "container",
                    "webm",
                    "height",
                    241,
                    "video_bitrate_kbps",
                    800,
                    "fps_max",
                    24),
                source(1280, 720, 29.97, true),
                OUT_WEBM))
        .isEqualTo(
            concat(
                HEAD,
                "-i",
                "/work/job-1/source",
                "-map",
                "0:v:0",
                "-map",
                "0:a:0",
                "-vf",
                "fps=24,scale=-2:240:flags=bicubic,format=yuv420p",
                "-c:v",
                "libvpx-vp9",
                "-deadline",
                "realtime",
                "-cpu-used",
                "8",
                "-row-mt",
                "1",
                "-b:v",
                "800k",
                "-c:a",
                "libopus",
                "-b:a",
                "96k",
                "-ac",
                "2",
                "-ar",
                "48000",
                "-map_metadata",
                "-1",
                "-f",
                "webm",
                "/work/job-1/rendition.webm"));
  }

  @Test
  void aSilentSourceGetsNoAudioTrack() {
    assertThat(args(Map.of(), source(640, 360, 25, false), OUT_MP4))
        .contains("-an")
        .doesNotContain("0:a:0", "aac");
  }

  @Test
  void theHeightOfARotatedSourceIsItsDisplayedHeight() {
    MediaInfo portrait = FfmpegInfoParser.parse(SampleProbes.rotatedMp4("/x")).orElseThrow();
    assertThat(args(Map.of("preset", "web-1080p"), portrait, OUT_MP4))
        .contains("scale=-2:1080:flags=bicubic,format=yuv420p");
    assertThat(args(Map.of("height", 2160), portrait, OUT_MP4))
        .contains("scale=-2:1920:flags=bicubic,format=yuv420p");
  }

  private static Map<String, Object> crop(int width, int height, int x, int y, Object... more) {
    Map<String, Object> params =
        new java.util.HashMap<>(
            Map.of("crop_width", width, "crop_height", height, "crop_x", x, "crop_y", y));
    for (int i = 0; i < more.length; i += 2) {
      params.put((String) more[i], more[i + 1]);
    }
    return params;
  }

  @Test
  void aCropIsAppliedBeforeTheFrameRateCapAndScaling() {
    assertThat(
            args(
                crop(1280, 720, 320, 180, "preset", "mobile-480p"),
                source(1920, 1080, 60, true),
                OUT_MP4))
        .isEqualTo(
            concat(
                HEAD,
                "-i",
                "/work/job-1/source",
                "-map",
                "0:v:0",
                "-map",
                "0:a:0",
                "-vf",
                "crop=1280:720:320:180,fps=30,scale=-2:480:flags=bicubic,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-profile:v",
                "high",
                "-b:v",
                "1000k",
                "-maxrate",
                "1500k",
                "-bufsize",
                "2000k",
                "-c:a",
                "aac",
                "-b:a",
                "128k",
                "-ac",
                "2",
                "-map_metadata",
                "-1",
                "-movflags",
                "+faststart",
                "-f",
                "mp4",
                "/work/job-1/rendition.mp4"));
  }

  @Test
  void theCropIsTheHeightLimitWhenNotUpscaling() {
    assertThat(args(crop(320, 180, 0, 0), source(640, 360, 25, true), OUT_MP4))
        .contains("crop=320:180:0:0,scale=-2:180:flags=bicubic,format=yuv420p");
    assertThat(
            args(
                crop(320, 180, 320, 180, "height", 360, "allow_upscale", true),
                source(640, 360, 25, true),
                OUT_MP4))
        .contains("crop=320:180:320:180,scale=-2:360:flags=bicubic,format=yuv420p");
  }

  @Test
  void aCropIsMeasuredOnTheUprightPicture() {
    MediaInfo portrait =
        FfmpegInfoParser.parse(SampleProbes.rotatedMp4("/x")).orElseThrow(); // 1080x1920 upright
    assertThat(args(crop(1080, 1080, 0, 840), portrait, OUT_MP4))
        .contains("crop=1080:1080:0:840,scale=-2:720:flags=bicubic,format=yuv420p");
    assertThat(cropFailure(crop(1920, 1080, 0, 0), portrait).code()).isEqualTo("invalid_crop");
  }

  @Test
  void aCropThatDoesNotFitInsideTheSourceIsInvalidCropAndNotRetryable() {
    MediaInfo source = source(640, 360, 25, true);
    assertThat(args(crop(640, 360, 0, 0), source, OUT_MP4))
        .contains("crop=640:360:0:0,scale=-2:360:flags=bicubic," + "format=yuv420p");
    JobFailedException e = cropFailure(crop(320, 180, 322, 0), source);
    assertThat(e.code()).isEqualTo("invalid_crop");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("320x180 at 322,0", "640x360");
    assertThat(cropFailure(crop(320, 182, 0, 180), source).code()).isEqualTo("invalid_crop");
    assertThat(cropFailure(crop(16384, 16384, 0, 0), source).code()).isEqualTo("invalid_crop");
  }

  private static JobFailedException cropFailure(Map<String, Object> params, MediaInfo source) {
    return catchThrowableOfType(JobFailedException.class, () -> args(params, source, OUT_MP4));
  }
}
