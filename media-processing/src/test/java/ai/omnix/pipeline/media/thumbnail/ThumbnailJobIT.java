package ai.omnix.pipeline.media.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.testing.HostileFiles;
import ai.omnix.pipeline.media.testing.TestMedia;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thumbnail job on the real bundled ffmpeg; every output is verified by probing it. */
class ThumbnailJobIT {
  @TempDir static Path sources;
  static Path fadingIn;
  static Path png;

  @TempDir Path dir;

  private final FfmpegRunner runner = FfmpegRunner.bundled(1);
  private final MediaProber prober = new MediaProber(runner, MediaLimits.defaults());

  @BeforeAll
  static void generateSources() throws Exception {
    fadingIn = TestMedia.fadingInVideo(sources.resolve("fade.mp4"), 640, 360, 5, 2);
    png = TestMedia.picture(sources.resolve("picture.png"), 500, 250);
  }

  private ThumbnailJobHandler handler(MediaLimits limits) {
    return new ThumbnailJobHandler(new MediaToolkit(runner, prober, limits, dir.resolve("work")));
  }

  private TempDirJobExecution aThumbnailJob(Path file, Map<String, Object> params) {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    return new TempDirJobExecution("thumbnail", assets.addInput(file), params, assets);
  }

  private static TempDirJobAssets.Written output(TempDirJobExecution job, String name) {
    return ((TempDirJobAssets) job.assets()).outputs().get(name);
  }

  @AfterEach
  void noWorkspaceNorProcessIsLeft() throws Exception {
    HostileFiles.assertNothingLeft(dir.resolve("work"));
    assertThat(runner.availableHeavySlots()).isEqualTo(1);
  }

  @Test
  void theDefaultPosterSkipsTheBlackOpeningAndFitsTheBounds() throws Exception {
    TempDirJobExecution job = aThumbnailJob(fadingIn, Map.of("width", 320, "height", 320));

    JobResult result = handler(MediaLimits.defaults()).handle(job);

    var poster = output(job, "poster.jpg");
    assertThat(poster.asset().contentType()).isEqualTo("image/jpeg");
    assertThat(poster.sourceAssetId()).isEqualTo(job.input().assetIds().get(0));
    assertThat(result.outputAssetIds()).containsExactly(poster.asset().id());
    MediaInfo.Stream probed = prober.probe(poster.file(), h -> {}).firstVideo().orElseThrow();
    assertThat(probed.codec()).isEqualTo("mjpeg");
    assertThat(probed.width()).isEqualTo(320);
    assertThat(probed.height()).isEqualTo(180);
    assertThat(meanLuma(ImageIO.read(poster.file().toFile())))
        .as("not a black frame")
        .isGreaterThan(60);
    assertThat(result.summary()).containsEntry("source", "video");
    assertThat((List<?>) result.summary().get("thumbnails"))
        .singleElement()
        .isEqualTo(
            Map.of(
                "asset_id",
                poster.asset().id(),
                "name",
                "poster.jpg",
                "format",
                "jpeg",
                "width",
                320,
                "height",
                180,
                "size",
                poster.asset().size()));
    assertThat(job.progress()).endsWith(100);
  }

  @Test
  void aPosterAtAChosenTimeShowsThatFrameAndNeverUpscales() throws Exception {
    TempDirJobExecution job =
        aThumbnailJob(fadingIn, Map.of("time_s", 0.5, "width", 4096, "height", 4096));

    handler(MediaLimits.defaults()).handle(job);

    var poster = output(job, "poster.jpg");
    MediaInfo.Stream probed = prober.probe(poster.file(), h -> {}).firstVideo().orElseThrow();
    assertThat(probed.width()).isEqualTo(640);
    assertThat(probed.height()).isEqualTo(360);
    assertThat(meanLuma(ImageIO.read(poster.file().toFile())))
        .as("the black opening")
        .isLessThan(30);
  }

  @Test
  void anImageGetsJpegAndWebpThumbnailsKeepingAspectWithoutUpscaling() throws Exception {
    TempDirJobExecution job = aThumbnailJob(png, Map.of("sizes", "160,333,1000"));

    JobResult result = handler(MediaLimits.defaults()).handle(job);

    assertThat(((TempDirJobAssets) job.assets()).outputs())
        .containsOnlyKeys(
            "thumb-160.jpg",
            "thumb-160.webp",
            "thumb-333.jpg",
            "thumb-333.webp",
            "thumb-1000.jpg",
            "thumb-1000.webp");
    assertThat(result.outputAssetIds()).hasSize(6);
    assertThat(result.summary()).containsEntry("source", "image");
    Map<String, int[]> expected =
        Map.of(
            "160", new int[] {160, 80}, "333", new int[] {333, 167}, "1000", new int[] {500, 250});
    for (var e : expected.entrySet()) {
      MediaInfo jpeg = prober.probe(output(job, "thumb-" + e.getKey() + ".jpg").file(), h -> {});
      assertThat(jpeg.firstVideo().orElseThrow().codec()).isEqualTo("mjpeg");
      assertThat(jpeg.firstVideo().orElseThrow().width()).isEqualTo(e.getValue()[0]);
      assertThat(jpeg.firstVideo().orElseThrow().height()).isEqualTo(e.getValue()[1]);
      var webp = output(job, "thumb-" + e.getKey() + ".webp");
      assertThat(webp.asset().contentType()).isEqualTo("image/webp");
      MediaInfo w = prober.probe(webp.file(), h -> {});
      assertThat(w.formatNames()).isEqualTo("webp_pipe");
      assertThat(w.firstVideo().orElseThrow().width()).isEqualTo(e.getValue()[0]);
      assertThat(w.firstVideo().orElseThrow().height()).isEqualTo(e.getValue()[1]);
    }
  }

  @Test
  void jpegWebpAndTiffSourcesAreDecodedToo() throws Exception {
    for (String ext : List.of("jpg", "webp", "tiff")) {
      Path source = TestMedia.picture(dir.resolve("picture." + ext), 320, 240);
      TempDirJobExecution job = aThumbnailJob(source, Map.of("sizes", "160", "formats", "jpeg"));
      handler(MediaLimits.defaults()).handle(job);
      MediaInfo.Stream probed =
          prober.probe(output(job, "thumb-160.jpg").file(), h -> {}).firstVideo().orElseThrow();
      assertThat(probed.width()).as(ext).isEqualTo(160);
      assertThat(probed.height()).as(ext).isEqualTo(120);
    }
  }

  @Test
  void aPictureOverTheConfiguredPixelCountIsTooLargeWithoutDecoding() throws Exception {
    MediaLimits small =
        new MediaLimits(
            MediaLimits.DEFAULT_PROBE_TIMEOUT,
            MediaLimits.DEFAULT_MAX_TRANSCODE_TIMEOUT,
            MediaLimits.DEFAULT_MAX_SOURCE_DURATION,
            MediaLimits.DEFAULT_MAX_SIDE_PIXELS,
            100_000);
    TempDirJobExecution job = aThumbnailJob(png, Map.of());
    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler(small).handle(job));
    assertThat(e.code()).isEqualTo("media_too_large");
    assertThat(e.retryable()).isFalse();
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }

  @Test
  void aTimeAfterTheEndIsRefused() {
    assertFails(fadingIn, Map.of("time_s", 60), "invalid_trim");
  }

  @Test
  void hostileInputsFailWithStableCodesQuickly() throws Exception {
    assertFails(HostileFiles.zeroBytes(dir), Map.of(), "unsupported_media");
    assertFails(HostileFiles.randomBytes(dir), Map.of(), "unsupported_media");
    assertFails(HostileFiles.truncated(fadingIn, dir), Map.of(), "unsupported_media");
  }

  private void assertFails(Path file, Map<String, Object> params, String code) {
    TempDirJobExecution job = aThumbnailJob(file, params);
    long started = System.nanoTime();
    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class, () -> handler(MediaLimits.defaults()).handle(job));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HostileFiles.BOUND);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).isFalse();
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }

  private static double meanLuma(BufferedImage image) {
    long sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        sum += (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
      }
    }
    return (double) sum / (image.getWidth() * image.getHeight());
  }
}
