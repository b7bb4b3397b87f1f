package ai.omnix.pipeline.media.storyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.testing.HostileFiles;
import ai.omnix.pipeline.media.testing.TestMedia;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storyboard job on the real bundled ffmpeg: the VTT is parsed and checked against the sprite's
 * pixels.
 */
class StoryboardJobIT {
  private static final Pattern CUE =
      Pattern.compile(
          "(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})\\n"
              + "sprite\\.jpg#xywh=(\\d+),(\\d+),(\\d+),(\\d+)\\n");

  @TempDir static Path sources;
  static Path video;

  @TempDir Path dir;

  private final FfmpegRunner runner = FfmpegRunner.bundled(1);
  private final MediaProber prober = new MediaProber(runner, MediaLimits.defaults());

  record Cue(long startMillis, long endMillis, int x, int y, int w, int h) {}

  @BeforeAll
  static void generateSources() throws Exception {
    video = TestMedia.video(sources.resolve("testsrc.mp4"), 320, 180, 12);
  }

  private StoryboardJobHandler handler() {
    return new StoryboardJobHandler(
        new MediaToolkit(runner, prober, MediaLimits.defaults(), dir.resolve("work")));
  }

  private TempDirJobExecution aStoryboardJob(Path file, Map<String, Object> params) {
    TempDirJobAssets assets = new TempDirJobAssets(dir);
    return new TempDirJobExecution("storyboard", assets.addInput(file), params, assets);
  }

  @AfterEach
  void noWorkspaceNorProcessIsLeft() throws Exception {
    HostileFiles.assertNothingLeft(dir.resolve("work"));
    assertThat(runner.availableHeavySlots()).isEqualTo(1);
  }

  @Test
  void aTileASecondInAFiveColumnGridWhoseCuesCoverTheWholeVideo() throws Exception {
    TempDirJobExecution job = aStoryboardJob(video, Map.of("columns", 5));

    JobResult result = handler().handle(job);

    BufferedImage sprite = verify(job, result);
    assertThat(sprite.getWidth()).isEqualTo(5 * 160);
    assertThat(sprite.getHeight()).isEqualTo(3 * 90);
    assertThat(result.summary())
        .containsEntry("tiles", 12)
        .containsEntry("interval_s", 1.0)
        .containsEntry("columns", 5)
        .containsEntry("rows", 3);
    assertThat(job.progress()).endsWith(100).anyMatch(p -> p > 1 && p < 95);
  }

  @Test
  void theIntervalGrowsSoThereAreNoMoreThanTheMaximumTiles() throws Exception {
    TempDirJobExecution job = aStoryboardJob(video, Map.of("max_tiles", 5, "tile_width", 96));

    JobResult result = handler().handle(job);

    List<Cue> cues = parse(verify(job, result), job);
    assertThat(cues).hasSize(5);
    assertThat(cues.get(0)).isEqualTo(new Cue(0, 2400, 0, 0, 96, 54));
    assertThat(result.summary()).containsEntry("interval_s", 2.4);
  }

  @Test
  void hostileInputsFailWithStableCodesQuickly() throws Exception {
    assertFails(HostileFiles.zeroBytes(dir), "unsupported_media");
    assertFails(HostileFiles.randomBytes(dir), "unsupported_media");
    assertFails(HostileFiles.truncated(video, dir), "unsupported_media");
    assertFails(TestMedia.picture(dir.resolve("still.png"), 64, 64), "unsupported_media");
  }

  /** Parses the VTT and checks it against the sprite; returns the sprite. */
  private BufferedImage verify(TempDirJobExecution job, JobResult result) throws Exception {
    var outputs = ((TempDirJobAssets) job.assets()).outputs();
    assertThat(outputs).containsOnlyKeys("sprite.jpg", "storyboard.vtt");
    assertThat(outputs.get("storyboard.vtt").asset().contentType()).isEqualTo("text/vtt");
    assertThat(outputs.get("sprite.jpg").sourceAssetId()).isEqualTo(job.input().assetIds().get(0));
    assertThat(result.outputAssetIds())
        .containsExactly(
            outputs.get("sprite.jpg").asset().id(), outputs.get("storyboard.vtt").asset().id());
    BufferedImage sprite = ImageIO.read(outputs.get("sprite.jpg").file().toFile());
    assertThat(result.summary())
        .containsEntry("sprite_width", sprite.getWidth())
        .containsEntry("sprite_height", sprite.getHeight());
    List<Cue> cues = parse(sprite, job);
    double duration = prober.probe(video, h -> {}).durationSeconds();
    assertThat(cues.get(0).startMillis()).isZero();
    for (int i = 1; i < cues.size(); i++) {
      assertThat(cues.get(i).startMillis()).as("contiguous").isEqualTo(cues.get(i - 1).endMillis());
    }
    assertThat(cues.get(cues.size() - 1).endMillis() / 1000.0).isCloseTo(duration, within(0.01));
    for (Cue c : cues) {
      assertThat(c.endMillis()).isGreaterThan(c.startMillis());
      assertThat(c.x() + c.w()).isLessThanOrEqualTo(sprite.getWidth());
      assertThat(c.y() + c.h()).isLessThanOrEqualTo(sprite.getHeight());
    }
    return sprite;
  }

  private List<Cue> parse(BufferedImage sprite, TempDirJobExecution job) throws Exception {
    String vtt =
        Files.readString(((TempDirJobAssets) job.assets()).outputs().get("storyboard.vtt").file());
    assertThat(vtt).startsWith("WEBVTT\n\n");
    List<Cue> cues = new ArrayList<>();
    Matcher m = CUE.matcher(vtt);
    int end = "WEBVTT\n".length();
    while (m.find()) {
      assertThat(vtt.substring(end, m.start())).as("only blank lines between cues").isEqualTo("\n");
      end = m.end();
      cues.add(
          new Cue(
              millis(m, 1),
              millis(m, 5),
              Integer.parseInt(m.group(9)),
              Integer.parseInt(m.group(10)),
              Integer.parseInt(m.group(11)),
              Integer.parseInt(m.group(12))));
    }
    assertThat(end).as("the whole file is cues").isEqualTo(vtt.length());
    assertThat(sprite).isNotNull();
    return cues;
  }

  private static long millis(Matcher m, int group) {
    return Long.parseLong(m.group(group)) * 3_600_000
        + Long.parseLong(m.group(group + 1)) * 60_000
        + Long.parseLong(m.group(group + 2)) * 1000
        + Long.parseLong(m.group(group + 3));
  }

  private void assertFails(Path file, String code) {
    TempDirJobExecution job = aStoryboardJob(file, Map.of());
    long started = System.nanoTime();
    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> handler().handle(job));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HostileFiles.BOUND);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).isFalse();
    assertThat(((TempDirJobAssets) job.assets()).outputs()).isEmpty();
  }
}
