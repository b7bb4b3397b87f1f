package ai.omnix.pipeline.media.storyboard;

import ai.omnix.pipeline.media.Dimensions;
import java.util.Map;

/**
 * The storyboard's geometry and timing, resolved against the source.
 *
 * @param intervalMillis one tile every this many milliseconds (at least 1000)
 * @param maxTiles how many tiles ffmpeg may write; the sprite is laid out from the tiles actually
 *     written
 * @param tile each tile's size: {@code tile_width} wide, the height keeping the aspect (even,
 *     within 2 × the width)
 */
public record StoryboardPlan(
    double durationSeconds, long intervalMillis, int maxTiles, int columns, Dimensions tile) {
  static final int DEFAULT_TILE_WIDTH = 160;
  static final int DEFAULT_COLUMNS = 10;
  static final int DEFAULT_MAX_TILES = 100;
  static final long MIN_INTERVAL_MILLIS = 1000;

  /** No side of the sprite grows past this (JPEG allows 65535; viewers struggle well before). */
  static final int MAX_SPRITE_SIDE = 16_384;

  public static StoryboardPlan of(
      Map<String, Object> params, double durationSeconds, Dimensions source) {
    int tileWidth =
        params.get(StoryboardJobType.TILE_WIDTH) instanceof Number n
            ? n.intValue()
            : DEFAULT_TILE_WIDTH;
    int columns =
        params.get(StoryboardJobType.COLUMNS) instanceof Number n ? n.intValue() : DEFAULT_COLUMNS;
    int maxTiles =
        params.get(StoryboardJobType.MAX_TILES) instanceof Number n
            ? n.intValue()
            : DEFAULT_MAX_TILES;
    long durationMillis = Math.max(1, Math.round(durationSeconds * 1000));
    long interval = Math.max(MIN_INTERVAL_MILLIS, ceilDiv(durationMillis, maxTiles));
    int tiles = (int) Math.max(1, Math.min(maxTiles, ceilDiv(durationMillis, interval)));
    int tileHeight =
        (int) Math.round((double) tileWidth * source.height() / source.width() / 2) * 2;
    tileHeight = Math.max(2, Math.min(2 * tileWidth, tileHeight));
    // A very tall source with one column could make the sprite taller than any viewer loads: drop
    // tiles then.
    int maxRows = MAX_SPRITE_SIDE / tileHeight;
    tiles = Math.min(tiles, maxRows * columns);
    if (tiles < ceilDiv(durationMillis, interval)) {
      interval = ceilDiv(durationMillis, tiles);
    }
    return new StoryboardPlan(
        durationSeconds, interval, tiles, columns, new Dimensions(tileWidth, tileHeight));
  }

  /**
   * Grid columns for {@code tiles} tiles: the requested count, or fewer when there are fewer tiles.
   */
  public int columnsFor(int tiles) {
    return Math.min(columns, tiles);
  }

  public int rowsFor(int tiles) {
    return (int) ceilDiv(tiles, columnsFor(tiles));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
