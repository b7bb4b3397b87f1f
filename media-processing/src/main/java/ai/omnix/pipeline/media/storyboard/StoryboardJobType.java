package ai.omnix.pipeline.media.storyboard;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;

/**
 * A storyboard for scrubbing, as Mux serves one: a sprite sheet ({@code sprite.jpg}) of tiles taken
 * at a regular interval, and a WebVTT file ({@code storyboard.vtt}) whose cues map each time range
 * to its tile as {@code sprite.jpg#xywh=x,y,w,h}. Heavy: the whole video is decoded.
 */
public final class StoryboardJobType {
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

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Builds a scrubbing storyboard of a video: sprite.jpg (a grid of tiles, one every N seconds, at most"
                  + " max_tiles) and storyboard.vtt mapping each time range to its tile (sprite.jpg#xywh=x,y,w,h).")
          .queueClass(QueueClass.HEAVY)
          .params(SCHEMA)
          .inputs(JobInput.Kind.ASSET)
          .credits(2)
          .build();

  private StoryboardJobType() {}
}
