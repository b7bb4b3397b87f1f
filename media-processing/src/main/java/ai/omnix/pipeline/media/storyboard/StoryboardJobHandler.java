package ai.omnix.pipeline.media.storyboard;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaWorkspace;
import ai.omnix.pipeline.media.SourceDownload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@link StoryboardJobType}: copies the source into a private workspace, probes it, refuses
 * what it must not process, writes the tiles (heavy, with progress and a duration-scaled timeout),
 * lays them out in the sprite, probes the sprite, and stores {@code sprite.jpg} and {@code
 * storyboard.vtt}.
 */
public final class StoryboardJobHandler implements JobHandler {
  public static final String SPRITE_NAME = "sprite.jpg";
  public static final String VTT_NAME = "storyboard.vtt";
  private final MediaTool tool;
  private final MediaProber prober;
  private final MediaLimits limits;
  private final Path workRoot;

  public StoryboardJobHandler(
      MediaTool tool, MediaProber prober, MediaLimits limits, Path workRoot) {
    this.tool = tool;
    this.prober = prober;
    this.limits = limits;
    this.workRoot = workRoot;
  }

  @Override
  public String type() {
    return StoryboardJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    try (MediaWorkspace workspace = MediaWorkspace.create(workRoot)) {
      Path source = SourceDownload.fetchInto(execution, assetId, workspace);
      MediaInfo info = prober.probe(source, execution::onCancel);
      MediaInfo.Stream video =
          info.firstVideo()
              .filter(v -> !info.isStillImage())
              .orElseThrow(
                  () ->
                      MediaFailures.fail(
                          MediaFailures.UNSUPPORTED_MEDIA, "The file is not a video."));
      Double duration = info.durationSeconds();
      if (duration == null || duration <= 0) {
        throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The video states no duration.");
      }
      limits.requireDurationWithin(duration, execution.plan());
      limits.requireFrameWithin(video);
      StoryboardPlan plan = StoryboardPlan.of(execution.params(), duration, Dimensions.of(video));
      execution.throwIfCanceled();
      execution.reportProgress(1);

      Path tiles = Files.createDirectory(workspace.file("tiles"));
      Duration timeout = limits.transcodeTimeout(duration);
      MediaTool.Outcome outcome =
          tool.run(
              new MediaTool.Invocation(
                  StoryboardCommand.tiles(plan, source, limits.maxPixels(), tiles),
                  timeout,
                  true,
                  Duration.ofMillis(Math.round(duration * 1000)),
                  p -> execution.reportProgress(Math.max(1, p * 9 / 10)),
                  execution::onCancel));
      execution.throwIfCanceled();
      MediaFailures.requireSucceeded(
          outcome, timeout, workspace.directory(), "Decode the storyboard's frames");
      int count;
      try (Stream<Path> written = Files.list(tiles)) {
        count = (int) Math.min(plan.maxTiles(), written.count());
      }
      if (count == 0) {
        throw MediaFailures.fail(
            MediaFailures.TRANSCODE_FAILED, "ffmpeg decoded no frame of the video.");
      }

      Path sprite = workspace.file(SPRITE_NAME);
      Duration spriteTimeout = limits.transcodeTimeout(0);
      MediaTool.Outcome laidOut =
          tool.run(
              new MediaTool.Invocation(
                  StoryboardCommand.sprite(
                      tiles, plan.columnsFor(count), plan.rowsFor(count), sprite),
                  spriteTimeout,
                  false,
                  null,
                  null,
                  execution::onCancel));
      execution.throwIfCanceled();
      MediaFailures.requireSucceeded(
          laidOut, spriteTimeout, workspace.directory(), "Lay out the sprite");
      MediaInfo.Stream spriteInfo =
          prober
              .probe(sprite, execution::onCancel)
              .firstVideo()
              .filter(v -> v.width() != null && v.height() != null)
              .orElseThrow(
                  () ->
                      MediaFailures.fail(
                          MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote an unreadable sprite."));
      execution.reportProgress(95);

      JobAssets.OutputAsset storedSprite;
      try (InputStream in = Files.newInputStream(sprite)) {
        storedSprite =
            execution.assets().write(SPRITE_NAME, assetId, in, Files.size(sprite), "image/jpeg");
      }
      byte[] vtt = StoryboardVtt.render(plan, count, SPRITE_NAME).getBytes(StandardCharsets.UTF_8);
      JobAssets.OutputAsset storedVtt =
          execution
              .assets()
              .write(VTT_NAME, assetId, new ByteArrayInputStream(vtt), vtt.length, "text/vtt");
      execution.reportProgress(100);

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("sprite_asset_id", storedSprite.id());
      summary.put("vtt_asset_id", storedVtt.id());
      summary.put("sprite_width", spriteInfo.width());
      summary.put("sprite_height", spriteInfo.height());
      summary.put("tiles", count);
      summary.put("columns", plan.columnsFor(count));
      summary.put("rows", plan.rowsFor(count));
      summary.put("tile_width", plan.tile().width());
      summary.put("tile_height", plan.tile().height());
      summary.put("interval_s", plan.intervalMillis() / 1000.0);
      summary.put("duration_s", duration);
      return new JobResult(List.of(storedSprite.id(), storedVtt.id()), summary);
    }
  }
}
