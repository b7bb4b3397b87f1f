package ai.omnix.pipeline.media.storyboard;

import java.util.Locale;

/**
 * Writes the storyboard's WebVTT: one cue per tile, contiguous, from 0 to the end of the video,
 * each mapping to its tile as a media fragment of the sprite ({@code sprite.jpg#xywh=x,y,w,h}).
 */
public final class StoryboardVtt {
  private StoryboardVtt() {}

  /**
   * The last cue runs to the end of the video, so the cues cover all of it even if ffmpeg wrote
   * fewer tiles.
   */
  public static String render(StoryboardPlan plan, int tiles, String spriteName) {
    int columns = plan.columnsFor(tiles);
    long endMillis = Math.round(plan.durationSeconds() * 1000);
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < tiles; i++) {
      long start = i * plan.intervalMillis();
      long end = i == tiles - 1 ? endMillis : Math.min(endMillis, (i + 1) * plan.intervalMillis());
      int x = (i % columns) * plan.tile().width();
      int y = (i / columns) * plan.tile().height();
      vtt.append('\n')
          .append(timestamp(start))
          .append(" --> ")
          .append(timestamp(end))
          .append('\n')
          .append(spriteName)
          .append("#xywh=")
          .append(x)
          .append(',')
          .append(y)
          .append(',')
          .append(plan.tile().width())
          .append(',')
          .append(plan.tile().height())
          .append('\n');
    }
    return vtt.toString();
  }

  static String timestamp(long millis) {
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000);
  }
}
