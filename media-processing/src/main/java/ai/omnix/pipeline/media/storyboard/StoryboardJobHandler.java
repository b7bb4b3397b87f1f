package ai.omnix.pipeline.media.storyboard;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaJobHandler;
import ai.omnix.pipeline.media.MediaRun;
import ai.omnix.pipeline.media.MediaToolkit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs {@link StoryboardJobType} in the {@link MediaJobHandler} frame: writes the tiles (heavy,
 * with progress and a duration-scaled timeout), lays them out in the sprite, probes the sprite, and
 * stores {@code sprite.jpg} and {@code storyboard.vtt}.
 */
public final class StoryboardJobHandler extends MediaJobHandler {
  public static final String SPRITE_NAME = "sprite.jpg";
  public static final String VTT_NAME = "storyboard.vtt";

  public StoryboardJobHandler(MediaToolkit toolkit) {
    super(toolkit);
  }

  @Override
  public String type() {
    return StoryboardJobType.NAME;
  }

  @Override
  protected JobResult process(MediaRun run) throws Exception {
    MediaRun.TimedVideo video = run.requireTimedVideo();
    double duration = video.durationSeconds();
    StoryboardPlan plan =
        StoryboardPlan.of(run.execution().params(), duration, Dimensions.of(video.stream()));
    run.reached(1);

    Path tiles = run.directory("tiles");
    run.ffmpegWithProgress(
        "Decode the storyboard's frames",
        StoryboardCommand.tiles(plan, run.source(), run.limits().maxPixels(), tiles),
        run.limits().transcodeTimeout(duration),
        duration,
        90);
    int count;
    try (Stream<Path> written = Files.list(tiles)) {
      count = (int) Math.min(plan.maxTiles(), written.count());
    }
    if (count == 0) {
      throw MediaFailures.fail(
          MediaFailures.TRANSCODE_FAILED, "ffmpeg decoded no frame of the video.");
    }

    Path sprite = run.file(SPRITE_NAME);
    run.ffmpegLight(
        "Lay out the sprite",
        StoryboardCommand.sprite(tiles, plan.columnsFor(count), plan.rowsFor(count), sprite),
        run.limits().transcodeTimeout(0));
    MediaInfo.Stream spriteInfo = run.requirePicture(sprite, "sprite");
    run.reached(95);

    JobAssets.OutputAsset storedSprite = run.store(SPRITE_NAME, sprite, "image/jpeg");
    JobAssets.OutputAsset storedVtt =
        run.store(
            VTT_NAME,
            StoryboardVtt.render(plan, count, SPRITE_NAME).getBytes(StandardCharsets.UTF_8),
            "text/vtt");
    run.execution().reportProgress(100);

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
