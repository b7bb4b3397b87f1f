package ai.omnix.pipeline.media.storyboard;

import ai.omnix.pipeline.media.FfmpegEncoders;
import ai.omnix.pipeline.media.FfmpegPrelude;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact ffmpeg arguments of a storyboard, in two runs: the heavy one decodes the video and
 * writes one small JPEG per tile (so {@code -progress} moves with the media time), the light one
 * lays the tiles out in a grid.
 */
public final class StoryboardCommand {
  static final String TILE_PATTERN = "tile-%04d.jpg";
  static final int JPEG_QUALITY = 4;

  private StoryboardCommand() {}

  public static List<String> tiles(
      StoryboardPlan plan, Path source, long maxPixels, Path tileDirectory) {
    List<String> a = new ArrayList<>(FfmpegPrelude.write(true, maxPixels));
    a.addAll(
        List.of(
            "-i",
            source.toAbsolutePath().toString(),
            "-map",
            "0:v:0",
            "-an",
            "-vf",
            "fps=1000/"
                + plan.intervalMillis()
                + ",scale="
                + plan.tile().width()
                + ":"
                + plan.tile().height()
                + ":flags=bicubic",
            "-frames:v",
            Integer.toString(plan.maxTiles())));
    a.addAll(FfmpegEncoders.jpeg(JPEG_QUALITY));
    a.addAll(
        List.of(
            "-f",
            "image2",
            "-start_number",
            "0",
            tileDirectory.resolve(TILE_PATTERN).toAbsolutePath().toString()));
    return a;
  }

  public static List<String> sprite(Path tileDirectory, int columns, int rows, Path target) {
    List<String> a = new ArrayList<>(FfmpegPrelude.write(false, 0));
    a.addAll(
        List.of(
            "-f",
            "image2",
            "-framerate",
            "1",
            "-start_number",
            "0",
            "-i",
            tileDirectory.resolve(TILE_PATTERN).toAbsolutePath().toString(),
            "-vf",
            "tile=" + columns + "x" + rows,
            "-frames:v",
            "1"));
    a.addAll(FfmpegEncoders.jpeg(JPEG_QUALITY));
    a.addAll(List.of("-map_metadata", "-1", "-f", "image2", target.toAbsolutePath().toString()));
    return a;
  }
}
