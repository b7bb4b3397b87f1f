package ai.omnix.pipeline.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.testing.TestMedia;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transcode job on the real bundled ffmpeg; every output is verified by probing it. */
class TranscodeJobIT {
  private static final Duration HOSTILE_BOUND = Duration.ofSeconds(20);

  @TempDir static Path sources;
  static Path video;

  @TempDir Path dir;

  private final FfmpegRunner runner = FfmpegRunner.bundled(1);
  private final MediaProber prober = new MediaProber(runner, MediaLimits.defaults());

  @BeforeAll
  static void generateSources() throws Exception {
    video = TestMedia.video(sources.resolve("testsrc.mp4"), 640, 360, 3);
  }

  private TranscodeJobHandler handler() {
    return new TranscodeJobHandler(
        new MediaToolkit(runner, prober, MediaLimits.defaults(), dir.resolve("work")));
  }

  private TempDirJobExecution aTranscodeJob(Path file, Map<String, Object> params) {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    return new TempDirJobExecution("transcode", assets.addInput(file), params, assets);
  }

  private MediaInfo probe(Path file) throws Exception {
    return prober.probe(file, hook -> {});
  }

  @AfterEach
  void noWorkspaceNorProcessIsLeft() throws Exception {
    try (Stream<Path> left =
        Files.exists(dir.resolve("work")) ? Files.list(dir.resolve("work")) : Stream.empty()) {
      assertThat(left).isEmpty();
    }
    await(
        () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        Duration.ofSeconds(5));
    assertThat(runner.availableHeavySlots()).isEqualTo(1);
  }

  @Test
  void web720pOfA360pSourceIsA360pFaststartH264AacMp4() throws Exception {
    TempDirJobExecution job = aTranscodeJob(video, Map.of("preset", "web-720p"));

    JobResult result = handler().handle(job);

    var written = ((TempDirJobAssets) job.assets()).outputs().get("rendition.mp4");
    assertThat(written.sourceAssetId()).isEqualTo(job.input().assetIds().get(0));
    assertThat(written.asset().contentType()).isEqualTo("video/mp4");
    assertThat(result.outputAssetIds()).containsExactly(written.asset().id());
    assertThat(result.summary())
        .containsEntry("output_asset_id", written.asset().id())
        .containsEntry("container", "mp4")
        .containsEntry("width", 640)
        .containsEntry("height", 360);
    assertThat((Double) result.summary().get("duration_s")).isCloseTo(3.0, within(0.15));
    MediaInfo out = probe(written.file());
    assertThat(out.container()).isEqualTo("mp4");
    assertThat(out.firstVideo().orElseThrow().codec()).isEqualTo("h264");
    assertThat(out.firstVideo().orElseThrow().width()).isEqualTo(640);
    assertThat(out.firstVideo().orElseThrow().height()).isEqualTo(360);
    assertThat(out.firstAudio().orElseThrow().codec()).isEqualTo("aac");
    assertThat(out.firstAudio().orElseThrow().channels()).isEqualTo(2);
    assertThat(out.durationSeconds()).isCloseTo(3.0, within(0.15));
    var atoms = TestMedia.topLevelAtoms(written.file());
    assertThat(atoms).contains("moov", "mdat");
    assertThat(atoms.indexOf("moov"))
        .as("faststart: moov before mdat in %s", atoms)
        .isLessThan(atoms.indexOf("mdat"));
    assertThat(job.progress()).endsWith(100).anyMatch(p -> p > 1 && p < 100);
  }

  @Test
  void a720pRenditionOfA1080pSourceKeepsSsimOfAtLeast095AgainstTheScaledSource() throws Exception {
    Path fullHd = TestMedia.video(dir.resolve("fullhd.mp4"), 1920, 1080, 2);
    TempDirJobExecution job = aTranscodeJob(fullHd, Map.of("preset", "web-720p"));

    handler().handle(job);

    Path rendition = ((TempDirJobAssets) job.assets()).outputs().get("rendition.mp4").file();
    assertThat(TestMedia.ssim(rendition, fullHd, 1280, 720)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void webmIsVp9AndOpusAtTheRequestedHeightAndTrimmed() throws Exception {
    TempDirJobExecution job =
        aTranscodeJob(
            video,
            Map.of(
                "container",
                "webm",
                "height",
                240,
                "video_bitrate_kbps",
                500,
                "start_s",
                1.0,
                "end_s",
                2.5));

    JobResult result = handler().handle(job);

    var written = ((TempDirJobAssets) job.assets()).outputs().get("rendition.webm");
    assertThat(written.asset().contentType()).isEqualTo("video/webm");
    MediaInfo out = probe(written.file());
    assertThat(out.container()).isEqualTo("webm");
    assertThat(out.firstVideo().orElseThrow().codec()).isEqualTo("vp9");
    assertThat(out.firstVideo().orElseThrow().height()).isEqualTo(240);
    assertThat(out.firstVideo().orElseThrow().width()).isEqualTo(426);
    assertThat(out.firstAudio().orElseThrow().codec()).isEqualTo("opus");
    assertThat(out.durationSeconds()).isCloseTo(1.5, within(0.15));
    assertThat(result.summary())
        .containsEntry("container", "webm")
        .containsEntry("width", 426)
        .containsEntry("height", 240);
  }

  @Test
  void cancelMidTranscodeKillsFfmpegAndEndsCanceled() throws Exception {
    Path longer = TestMedia.video(dir.resolve("longer.mp4"), 320, 180, 60);
    TempDirJobExecution job =
        aTranscodeJob(longer, Map.of("container", "webm", "height", 1080, "allow_upscale", true));
    var run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return handler().handle(job);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    await(() -> job.progress().stream().anyMatch(p -> p > 1), Duration.ofSeconds(30));
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isNotEmpty();

    job.cancel();

    Throwable thrown =
        catchThrowableOfType(
            java.util.concurrent.ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
    assertThat(thrown).hasCauseInstanceOf(JobCanceledException.class);
    await(
        () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        Duration.ofSeconds(5));
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }

  @Test
  void aRotatedSourceIsRenderedUprightWithoutUpscaling() throws Exception {
    Path rotated = TestMedia.rotated(video, dir.resolve("portrait.mp4"));
    MediaInfo.Stream source = probe(rotated).firstVideo().orElseThrow();
    assertThat(source.rotation()).isIn(90, 270);
    assertThat(source.displayHeight()).isEqualTo(640);
    TempDirJobExecution job = aTranscodeJob(rotated, Map.of("preset", "web-720p"));

    JobResult result = handler().handle(job);

    assertThat(result.summary()).containsEntry("width", 360).containsEntry("height", 640);
    MediaInfo.Stream out =
        probe(((TempDirJobAssets) job.assets()).outputs().get("rendition.mp4").file())
            .firstVideo()
            .orElseThrow();
    assertThat(out.width()).isEqualTo(360);
    assertThat(out.height()).isEqualTo(640);
    assertThat(out.rotation()).isZero();
  }

  @Test
  void aCropOf320x180OfA360pSourceWithoutScalingIs320x180() throws Exception {
    TempDirJobExecution job =
        aTranscodeJob(
            video, Map.of("crop_width", 320, "crop_height", 180, "crop_x", 160, "crop_y", 90));

    JobResult result = handler().handle(job);

    assertThat(result.summary()).containsEntry("width", 320).containsEntry("height", 180);
    MediaInfo.Stream out =
        probe(((TempDirJobAssets) job.assets()).outputs().get("rendition.mp4").file())
            .firstVideo()
            .orElseThrow();
    assertThat(out.codec()).isEqualTo("h264");
    assertThat(out.width()).isEqualTo(320);
    assertThat(out.height()).isEqualTo(180);
  }

  @Test
  void aCropIsMeasuredOnTheUprightPictureAndOneOutsideItIsInvalidCrop() throws Exception {
    Path rotated = TestMedia.rotated(video, dir.resolve("portrait.mp4")); // 360x640 upright
    TempDirJobExecution job =
        aTranscodeJob(
            rotated, Map.of("crop_width", 360, "crop_height", 320, "crop_x", 0, "crop_y", 320));

    handler().handle(job);

    MediaInfo.Stream out =
        probe(((TempDirJobAssets) job.assets()).outputs().get("rendition.mp4").file())
            .firstVideo()
            .orElseThrow();
    assertThat(out.width()).isEqualTo(360);
    assertThat(out.height()).isEqualTo(320);

    TempDirJobExecution landscape =
        aTranscodeJob(
            rotated, Map.of("crop_width", 640, "crop_height", 360, "crop_x", 0, "crop_y", 0));
    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler().handle(landscape));
    assertThat(e.code()).isEqualTo("invalid_crop");
    assertThat(e.retryable()).isFalse();
    assertThat(landscape.progress()).isEmpty();
  }

  @Test
  void aSourceLongerThanTheConfiguredMaximumIsTooLongWithoutEncoding() throws Exception {
    MediaLimits twoSeconds =
        new MediaLimits(
            MediaLimits.DEFAULT_PROBE_TIMEOUT,
            MediaLimits.DEFAULT_MAX_TRANSCODE_TIMEOUT,
            Duration.ofSeconds(2),
            MediaLimits.DEFAULT_MAX_SIDE_PIXELS,
            MediaLimits.DEFAULT_MAX_PIXELS);
    TempDirJobExecution job = aTranscodeJob(video, Map.of());
    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class,
            () ->
                new TranscodeJobHandler(
                        new MediaToolkit(runner, prober, twoSeconds, dir.resolve("work")))
                    .handle(job));
    assertThat(e.code()).isEqualTo("media_too_long");
    assertThat(e.retryable()).isFalse();
    assertThat(job.progress()).isEmpty();
  }

  @Test
  void aPngIsUnsupportedMedia() throws Exception {
    assertFails(TestMedia.png(dir.resolve("image.png")), "unsupported_media");
  }

  @Test
  void aTruncatedMp4IsUnsupportedMedia() throws Exception {
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(video), 20_000);
    assertFails(Files.write(dir.resolve("truncated.mp4"), head), "unsupported_media");
  }

  @Test
  void aZeroByteFileIsUnsupportedMedia() throws Exception {
    assertFails(Files.createFile(dir.resolve("empty.mp4")), "unsupported_media");
  }

  @Test
  void randomBytesAreUnsupportedMedia() throws Exception {
    byte[] noise = new byte[256 * 1024];
    new java.util.Random(7).nextBytes(noise);
    assertFails(Files.write(dir.resolve("noise.mp4"), noise), "unsupported_media");
  }

  private void assertFails(Path file, String code) {
    TempDirJobExecution job = aTranscodeJob(file, Map.of("preset", "web-720p"));
    long started = System.nanoTime();
    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler().handle(job));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HOSTILE_BOUND);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).isFalse();
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }

  private static void await(BooleanSupplier condition, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + deadline);
      }
      Thread.sleep(20);
    }
  }
}
