package ai.omnix.pipeline.media.storyboard;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.Set;

/**
 * A storyboard for scrubbing, as Mux serves one: a sprite sheet ({@code sprite.jpg}) of tiles taken
 * at a regular interval, and a WebVTT file ({@code storyboard.vtt}) whose cues map each time range
 * to its tile as {@code sprite.jpg#xywh=x,y,w,h}. Heavy: the whole video is decoded.
 */
public final class StoryboardJobType implements JobType {
  public static final String NAME = "storyboard";
  public static final String TILE_WIDTH = "tile_width";
  public static final String COLUMNS = "columns";
  public static final String MAX_TILES = "max_tiles";
  private static final ParamsSchema SCHEMA =
      ParamsSchema.of(
          ParamSpec.integer(
              TILE_WIDTH,
              64,
              320,
              false,
              "Width of a tile in pixels (default 160); the aspect is kept."),
          ParamSpec.integer(COLUMNS, 1, 20, false, "Tiles per row of the sprite (default 10)."),
          ParamSpec.integer(
              MAX_TILES,
              1,
              200,
              false,
              "At most this many tiles (default 100): the interval is the duration over this, at least 1 s."));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Builds a scrubbing storyboard of a video: sprite.jpg (a grid of tiles, one every N seconds, at most"
        + " max_tiles) and storyboard.vtt mapping each time range to its tile (sprite.jpg#xywh=x,y,w,h).";
  }

  @Override
  public QueueClass queueClass() {
    return QueueClass.HEAVY;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return SCHEMA;
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return Set.of(JobInput.Kind.ASSET);
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return 2;
  }
}
