package ai.omnix.pipeline.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.testing.FakeMediaTool;
import ai.omnix.pipeline.media.testing.SampleProbes;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler's decisions with a fake ffmpeg: what it refuses before encoding, and what it asks
 * ffmpeg to do.
 */
class TranscodeJobHandlerTest {
  @TempDir Path dir;

  private FakeMediaTool tool;

  private TranscodeJobHandler handler(Function<String, String> probeAnswer) {
    tool =
        new FakeMediaTool(
            invocation -> {
              var args = invocation.arguments();
              String last = args.get(args.size() - 1);
              if (args.get(args.size() - 2).equals("-i")) {
                return new MediaTool.Outcome(1, false, probeAnswer.apply(last));
              }
              Files.write(Path.of(last), new byte[] {1, 2, 3});
              return new MediaTool.Outcome(0, false, "");
            });
    return new TranscodeJobHandler(
        MediaToolkit.of(tool, MediaLimits.defaults(), dir.resolve("work")));
  }

  private TempDirJobExecution aTranscodeJob(Map<String, Object> params) throws IOException {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    Path source =
        Files.write(dir.resolve("upload.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
    return new TempDirJobExecution("transcode", assets.addInput(source), params, assets);
  }

  private JobFailedException failure(TranscodeJobHandler handler, Map<String, Object> params)
      throws IOException {
    TempDirJobExecution job = aTranscodeJob(params);
    return catchThrowableOfType(JobFailedException.class, () -> handler.handle(job));
  }

  @Test
  void runsOneHeavyFfmpegWithTheBuiltArgumentsAndATimeoutScaledByDuration() throws Exception {
    TranscodeJobHandler handler =
        handler(
            path ->
                path.endsWith("rendition.mp4")
                    ? SampleProbes.mp4(path, "00:00:03.00", 1280, 720, 25, true)
                    : SampleProbes.mp4(path, "00:00:03.00", 1920, 1080, 25, true));
    TempDirJobExecution job = aTranscodeJob(Map.of("preset", "web-720p"));

    JobResult result = handler.handle(job);

    assertThat(tool.invocations()).hasSize(3); // probe source, encode, probe output
    MediaTool.Invocation encode = tool.invocations().get(1);
    assertThat(encode.heavy()).isTrue();
    assertThat(encode.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(encode.progressTotal()).isEqualTo(Duration.ofSeconds(3));
    assertThat(encode.arguments())
        .contains("scale=-2:720:flags=bicubic,format=yuv420p", "+faststart");
    assertThat(tool.invocations().get(0).heavy()).isFalse();
    var written =
        job.assets() instanceof TempDirJobAssets a ? a.outputs().get("rendition.mp4") : null;
    assertThat(written).isNotNull();
    assertThat(written.sourceAssetId()).isEqualTo(job.input().assetIds().get(0));
    assertThat(written.asset().contentType()).isEqualTo("video/mp4");
    assertThat(result.outputAssetIds()).containsExactly(written.asset().id());
    assertThat(result.summary())
        .containsEntry("output_asset_id", written.asset().id())
        .containsEntry("container", "mp4")
        .containsEntry("width", 1280)
        .containsEntry("height", 720)
        .containsEntry("duration_s", 3.0);
    assertThat(job.progress()).endsWith(100);
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void progressNeverGoesBackwardsWhenFfmpegStartsAtZero() throws Exception {
    tool =
        new FakeMediaTool(
            invocation -> {
              var args = invocation.arguments();
              String last = args.get(args.size() - 1);
              if (args.get(args.size() - 2).equals("-i")) {
                return new MediaTool.Outcome(
                    1, false, SampleProbes.mp4(last, "00:00:03.00", 1280, 720, 25, true));
              }
              // ffmpeg's first -progress block says out_time_us=0, after the handler reported 1
              invocation.progress().accept(0);
              invocation.progress().accept(0);
              invocation.progress().accept(40);
              Files.write(Path.of(last), new byte[] {1, 2, 3});
              return new MediaTool.Outcome(0, false, "");
            });
    TempDirJobExecution job = aTranscodeJob(Map.of("preset", "web-720p"));

    new TranscodeJobHandler(MediaToolkit.of(tool, MediaLimits.defaults(), dir.resolve("work")))
        .handle(job);

    assertThat(job.progress()).isSortedAccordingTo(Integer::compare).startsWith(1).endsWith(100);
  }

  @Test
  void refusesAPixelFloodBeforeEncoding() throws Exception {
    TranscodeJobHandler handler =
        handler(path -> SampleProbes.mp4(path, "00:00:03.00", 20000, 20000, 25, true));
    JobFailedException e = failure(handler, Map.of());
    assertThat(e.code()).isEqualTo("media_too_large");
    assertThat(e.retryable()).isFalse();
    assertThat(tool.invocations()).hasSize(1);
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void refusesTooManyPixelsPerFrameEvenWithinTheSideLimit() throws Exception {
    TranscodeJobHandler handler =
        handler(path -> SampleProbes.mp4(path, "00:00:03.00", 16384, 8192, 25, true));
    assertThat(failure(handler, Map.of()).code()).isEqualTo("media_too_large");
  }

  @Test
  void refusesASourceLongerThanTheMaximumDuration() throws Exception {
    TranscodeJobHandler handler =
        handler(path -> SampleProbes.mp4(path, "04:00:01.00", 640, 360, 25, true));
    JobFailedException e = failure(handler, Map.of());
    assertThat(e.code()).isEqualTo("media_too_long");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("the pro plan", "at most 2 h");
    assertThat(tool.invocations()).hasSize(1);
  }

  @Test
  void theLongestSourceDependsOnTheTenantsPlan() throws Exception {
    TranscodeJobHandler handler =
        handler(path -> SampleProbes.mp4(path, "00:10:01.00", 640, 360, 25, true));
    TempDirJobExecution free = aTranscodeJob(Map.of()).withPlan(Plan.FREE);

    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler.handle(free));

    assertThat(e.code()).isEqualTo("media_too_long");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo(
            "The media lasts 10 min 1 s; the free plan processes media of at most" + " 10 min.");
    assertThat(tool.invocations()).hasSize(1); // the probe only: nothing was decoded
    assertThat(free.progress()).isEmpty();
    assertThat(workspaces()).isEmpty();

    TempDirJobExecution student = aTranscodeJob(Map.of()).withPlan(Plan.STUDENT);
    assertThat(handler.handle(student).outputAssetIds()).hasSize(1);
  }

  @Test
  void refusesAStillImage() throws Exception {
    TranscodeJobHandler handler = handler(SampleProbes::png);
    JobFailedException e = failure(handler, Map.of());
    assertThat(e.code()).isEqualTo("unsupported_media");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void refusesWhatFfmpegDoesNotRecognise() throws Exception {
    TranscodeJobHandler handler = handler(SampleProbes::invalid);
    assertThat(failure(handler, Map.of()).code()).isEqualTo("unsupported_media");
  }

  @Test
  void refusesATrimThatStartsAfterTheEnd() throws Exception {
    TranscodeJobHandler handler =
        handler(path -> SampleProbes.mp4(path, "00:00:03.00", 640, 360, 25, true));
    assertThat(failure(handler, Map.of("start_s", 3.0)).code()).isEqualTo("invalid_trim");
  }

  @Test
  void aTimeoutIsAStableNotRetryableFailure() throws Exception {
    tool =
        new FakeMediaTool(
            invocation ->
                invocation.heavy()
                    ? new MediaTool.Outcome(-1, true, "")
                    : new MediaTool.Outcome(
                        1, false, SampleProbes.mp4("/x", "00:00:03.00", 640, 360, 25, true)));
    TranscodeJobHandler handler =
        new TranscodeJobHandler(MediaToolkit.of(tool, MediaLimits.defaults(), dir.resolve("work")));
    JobFailedException e = failure(handler, Map.of());
    assertThat(e.code()).isEqualTo("media_timeout");
    assertThat(e.retryable()).isFalse();
    assertThat(workspaces()).isEmpty();
  }

  @Test
  void theTimeoutIsTenTimesTheDurationPlusAMinuteCapped() {
    MediaLimits limits =
        new MediaLimits(
            Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofHours(4), 16384, 1L << 26);
    assertThat(limits.transcodeTimeout(3)).isEqualTo(Duration.ofSeconds(90));
    assertThat(limits.transcodeTimeout(3600)).isEqualTo(Duration.ofMinutes(30));
  }

  private java.util.List<Path> workspaces() throws IOException {
    Path work = dir.resolve("work");
    if (!Files.exists(work)) {
      return java.util.List.of();
    }
    try (Stream<Path> s = Files.list(work)) {
      return s.toList();
    }
  }
}
