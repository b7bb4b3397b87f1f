package ai.omnix.pipeline.media.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.testing.TestMedia;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe job on the real bundled ffmpeg. */
class ProbeJobIT {
  /** The bound on every hostile case: a probe reads headers only, so this is generous. */
  private static final Duration HOSTILE_BOUND = Duration.ofSeconds(20);

  @TempDir static Path sources;
  static Path video;

  @TempDir Path dir;

  private final FfmpegRunner runner = FfmpegRunner.bundled(1);

  @BeforeAll
  static void generateSources() throws Exception {
    video = TestMedia.video(sources.resolve("testsrc.mp4"), 640, 360, 3);
  }

  private ProbeJobHandler handler() {
    return new ProbeJobHandler(
        MediaToolkit.of(runner, MediaLimits.defaults(), dir.resolve("work")));
  }

  private TempDirJobExecution aProbeJob(Path file) {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    return new TempDirJobExecution("probe", assets.addInput(file), Map.of(), assets);
  }

  @AfterEach
  void workspacesAreGone() throws Exception {
    try (Stream<Path> left =
        Files.exists(dir.resolve("work")) ? Files.list(dir.resolve("work")) : Stream.empty()) {
      assertThat(left).isEmpty();
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void reportsDurationContainerAndStreamsAndStoresProbeJson() throws Exception {
    TempDirJobExecution job = aProbeJob(video);

    JobResult result = handler().handle(job);

    Map<String, Object> summary = result.summary();
    assertThat(summary)
        .containsEntry("container", "mp4")
        .containsEntry("width", 640)
        .containsEntry("height", 360)
        .containsEntry("rotation", 0);
    assertThat((Double) summary.get("duration_s")).isCloseTo(3.0, within(0.1));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> streams = (List<Map<String, Object>>) summary.get("streams");
    assertThat(streams).hasSize(2);
    assertThat(streams.get(0))
        .containsEntry("type", "video")
        .containsEntry("codec", "h264")
        .containsEntry("width", 640)
        .containsEntry("height", 360)
        .containsEntry("frame_rate", 25.0)
        .containsKey("bit_rate_kbps");
    assertThat(streams.get(1))
        .containsEntry("type", "audio")
        .containsEntry("codec", "aac")
        .containsEntry("channels", 1)
        .containsEntry("sample_rate", 44100);
    var written = ((TempDirJobAssets) job.assets()).outputs().get("probe.json");
    assertThat(written.asset().contentType()).isEqualTo("application/json");
    assertThat(written.sourceAssetId()).isEqualTo(job.input().assetIds().get(0));
    assertThat(result.outputAssetIds()).containsExactly(written.asset().id());
    String json = Files.readString(written.file(), StandardCharsets.UTF_8);
    assertThat(json)
        .startsWith("{\"container\":\"mp4\"")
        .contains("\"codec\":\"h264\"", "\"sample_rate\":44100");
    assertThat(job.progress()).endsWith(100);
    assertThat(
            ((TempDirJobAssets) job.assets())
                .annotations.get(job.input().assetIds().get(0) + "/media"))
        .as("the facts are also stored on the asset")
        .containsEntry("container", "mp4");
  }

  @Test
  void aStillImageIsProbedWithoutADuration() throws Exception {
    JobResult result = handler().handle(aProbeJob(TestMedia.png(dir.resolve("image.png"))));
    assertThat(result.summary())
        .containsEntry("container", "png")
        .containsEntry("width", 64)
        .doesNotContainKey("duration_s");
  }

  @Test
  void aZeroByteFileIsUnsupported() throws Exception {
    assertUnsupported(Files.createFile(dir.resolve("empty.mp4")));
  }

  @Test
  void randomBytesAreUnsupported() throws Exception {
    byte[] noise = new byte[256 * 1024];
    new Random(4).nextBytes(noise);
    assertUnsupported(Files.write(dir.resolve("noise.bin"), noise));
  }

  @Test
  void aTruncatedMp4IsUnsupported() throws Exception {
    byte[] head =
        Arrays.copyOf(Files.readAllBytes(video), 20_000); // the moov atom is at the end: cut off
    assertUnsupported(Files.write(dir.resolve("truncated.mp4"), head));
  }

  @Test
  void textIsUnsupported() throws Exception {
    assertUnsupported(
        Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(1000)));
  }

  private void assertUnsupported(Path file) {
    TempDirJobExecution job = aProbeJob(file);
    long started = System.nanoTime();
    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler().handle(job));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HOSTILE_BOUND);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo("unsupported_media");
    assertThat(e.retryable()).isFalse();
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }
}
