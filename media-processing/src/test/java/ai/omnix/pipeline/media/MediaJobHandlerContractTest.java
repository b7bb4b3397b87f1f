package ai.omnix.pipeline.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.media.hls.HlsJobHandler;
import ai.omnix.pipeline.media.storyboard.StoryboardJobHandler;
import ai.omnix.pipeline.media.testing.FakeMediaTool;
import ai.omnix.pipeline.media.testing.SampleProbes;
import ai.omnix.pipeline.media.thumbnail.ThumbnailJobHandler;
import ai.omnix.pipeline.media.transcode.TranscodeJobHandler;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every media handler that runs a heavy ffmpeg promises, checked with a fake ffmpeg: a cancel
 * during the run ends the job canceled, a timeout is {@code media_timeout}, a pixel flood is
 * refused before anything runs, and the workspace is gone on every path.
 */
class MediaJobHandlerContractTest {
  @TempDir Path dir;

  private FakeMediaTool tool;

  private JobHandler handler(String type, MediaTool.Outcome heavyOutcome, String probe) {
    tool =
        new FakeMediaTool(
            invocation -> {
              if (!invocation.heavy()) {
                return new MediaTool.Outcome(1, false, probe);
              }
              if (heavyOutcome == null) {
                throw new JobCanceledException();
              }
              return heavyOutcome;
            });
    MediaProber prober = new MediaProber(tool, MediaLimits.defaults());
    Path work = dir.resolve("work");
    return switch (type) {
      case "thumbnail" ->
          new ThumbnailJobHandler(new MediaToolkit(tool, prober, MediaLimits.defaults(), work));
      case "storyboard" ->
          new StoryboardJobHandler(new MediaToolkit(tool, prober, MediaLimits.defaults(), work));
      case "hls" -> new HlsJobHandler(new MediaToolkit(tool, prober, MediaLimits.defaults(), work));
      case "transcode" ->
          new TranscodeJobHandler(new MediaToolkit(tool, prober, MediaLimits.defaults(), work));
      default -> throw new IllegalArgumentException(type);
    };
  }

  private Throwable run(JobHandler handler, String type) throws Exception {
    return run(handler, type, ai.omnix.pipeline.core.tenant.Plan.PRO);
  }

  private Throwable run(JobHandler handler, String type, ai.omnix.pipeline.core.tenant.Plan plan)
      throws Exception {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    Path source =
        Files.write(dir.resolve("upload.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
    TempDirJobExecution job =
        new TempDirJobExecution(type, assets.addInput(source), Map.of(), assets).withPlan(plan);
    Throwable thrown = catchThrowable(() -> handler.handle(job));
    assertThat(assets.outputs()).isEmpty();
    assertThat(workspaces()).isEmpty();
    return thrown;
  }

  private static String aVideo() {
    return SampleProbes.mp4("/x", "00:00:03.00", 640, 360, 25, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls", "transcode"})
  void aSourceLongerThanThePlansLimitIsTooLongBeforeAnythingIsDecoded(String type)
      throws Exception {
    String elevenMinutes = SampleProbes.mp4("/x", "00:11:00.00", 640, 360, 25, true);
    Throwable thrown =
        run(
            handler(type, new MediaTool.Outcome(0, false, ""), elevenMinutes),
            type,
            ai.omnix.pipeline.core.tenant.Plan.FREE);
    assertThat(thrown).isInstanceOf(JobFailedException.class);
    JobFailedException e = (JobFailedException) thrown;
    assertThat(e.code()).isEqualTo("media_too_long");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("11 min", "free plan", "at most 10 min");
    assertThat(tool.invocations()).noneMatch(MediaTool.Invocation::heavy);
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls", "transcode"})
  void aCancelDuringTheHeavyRunEndsTheJobCanceled(String type) throws Exception {
    Throwable thrown = run(handler(type, null, aVideo()), type);
    assertThat(thrown).isInstanceOf(JobCanceledException.class);
    assertThat(tool.invocations()).filteredOn(MediaTool.Invocation::heavy).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls", "transcode"})
  void aTimeoutIsAStableNotRetryableFailure(String type) throws Exception {
    Throwable thrown = run(handler(type, new MediaTool.Outcome(-1, true, ""), aVideo()), type);
    assertThat(thrown)
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("media_timeout");
              assertThat(e.retryable()).isFalse();
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls"})
  void anFfmpegErrorIsATranscodeFailureQuotingItsLastLineWithoutPaths(String type)
      throws Exception {
    Throwable thrown =
        run(
            handler(
                type,
                new MediaTool.Outcome(
                    1,
                    false,
                    "frame 1\n"
                        + dir.resolve("work")
                        + "/job-1/source: Invalid data found when processing input\n"),
                aVideo()),
            type);
    assertThat(thrown)
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("media_transcode_failed");
              assertThat(e.getMessage()).contains("Invalid data found").doesNotContain("frame 1");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls", "transcode"})
  void aPixelFloodIsRefusedBeforeAnyDecoding(String type) throws Exception {
    Throwable thrown =
        run(
            handler(
                type,
                new MediaTool.Outcome(0, false, ""),
                SampleProbes.mp4("/x", "00:00:03.00", 16384, 8192, 25, true)),
            type);
    assertThat(thrown)
        .isInstanceOfSatisfying(
            JobFailedException.class, e -> assertThat(e.code()).isEqualTo("media_too_large"));
    assertThat(tool.invocations()).noneMatch(MediaTool.Invocation::heavy);
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls", "transcode"})
  void aSourceLongerThanTheMaximumIsRefusedBeforeAnyDecoding(String type) throws Exception {
    Throwable thrown =
        run(
            handler(
                type,
                new MediaTool.Outcome(0, false, ""),
                SampleProbes.mp4("/x", "04:00:01.00", 640, 360, 25, true)),
            type);
    assertThat(thrown)
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("media_too_long");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(tool.invocations()).noneMatch(MediaTool.Invocation::heavy);
  }

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "storyboard", "hls"})
  void aPixelFloodedStillImageIsRefusedToo(String type) throws Exception {
    String flood = SampleProbes.png("/x").replace("64x64", "20000x20000");
    Throwable thrown = run(handler(type, new MediaTool.Outcome(0, false, ""), flood), type);
    assertThat(thrown).isInstanceOf(JobFailedException.class);
    assertThat(((JobFailedException) thrown).code()).isIn("media_too_large", "unsupported_media");
    assertThat(tool.invocations()).noneMatch(MediaTool.Invocation::heavy);
  }

  private List<Path> workspaces() throws Exception {
    Path work = dir.resolve("work");
    if (!Files.exists(work)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.toList();
    }
  }
}
