package ai.omnix.pipeline.media.thumbnail;

import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.FfmpegEncoders;
import ai.omnix.pipeline.media.FfmpegPrelude;
import ai.omnix.pipeline.media.thumbnail.ThumbnailRequest.Format;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact ffmpeg arguments of posters and image thumbnails. Every run passes {@code -max_pixels}
 * to the decoder too, so a file whose headers understate its size still cannot make ffmpeg allocate
 * past the pixel limit.
 */
public final class ThumbnailCommand {
  /** How much of a video the smart poster looks at, from its start. */
  static final int SMART_WINDOW_S = 10;

  /** Frames the {@code thumbnail} filter compares to choose the most representative one. */
  static final int SMART_CANDIDATES = 100;

  /** Frames whose average luma (0–255) is not above this count as black and are never chosen. */
  static final int BLACK_LUMA = 32;

  static final int JPEG_QUALITY = 3;
  static final int WEBP_QUALITY = 80;

  private ThumbnailCommand() {}

  /** One thumbnail of an image. */
  public record Rendition(String name, Format format, Dimensions size, Path target) {}

  /** The frame at {@code timeSeconds}, scaled to {@code size}. */
  public static List<String> poster(
      Path source, double timeSeconds, Dimensions size, long maxPixels, Path target) {
    List<String> a = head(maxPixels);
    a.addAll(
        List.of(
            "-ss",
            decimal(timeSeconds),
            "-i",
            source.toAbsolutePath().toString(),
            "-map",
            "0:v:0",
            "-vf",
            scale(size)));
    a.addAll(jpeg(target));
    return a;
  }

  /**
   * The most representative frame that is not black among the first frames of the first {@code
   * windowSeconds}: the input is read for that long at most ({@code -t} before {@code -i}), so the
   * work is bounded whatever the file.
   */
  public static List<String> smartPoster(
      Path source, double windowSeconds, Dimensions size, long maxPixels, Path target) {
    List<String> a = head(maxPixels);
    a.addAll(
        List.of(
            "-t",
            decimal(windowSeconds),
            "-i",
            source.toAbsolutePath().toString(),
            "-map",
            "0:v:0",
            "-vf",
            "signalstats,metadata=mode=select:key=lavfi.signalstats.YAVG:value="
                + BLACK_LUMA
                + ":function=greater,thumbnail="
                + SMART_CANDIDATES
                + ","
                + scale(size)));
    a.addAll(jpeg(target));
    return a;
  }

  /** All thumbnails of an image in one run: the picture is decoded once and split. */
  public static List<String> images(Path source, List<Rendition> renditions, long maxPixels) {
    List<String> a = head(maxPixels);
    a.addAll(List.of("-i", source.toAbsolutePath().toString()));
    StringBuilder graph = new StringBuilder("[0:v:0]split=" + renditions.size());
    for (int i = 0; i < renditions.size(); i++) {
      graph.append("[s").append(i).append(']');
    }
    for (int i = 0; i < renditions.size(); i++) {
      graph
          .append(";[s")
          .append(i)
          .append(']')
          .append(scale(renditions.get(i).size()))
          .append("[o")
          .append(i)
          .append(']');
    }
    a.addAll(List.of("-filter_complex", graph.toString()));
    for (int i = 0; i < renditions.size(); i++) {
      Rendition r = renditions.get(i);
      a.addAll(List.of("-map", "[o" + i + "]"));
      a.addAll(r.format() == Format.JPEG ? jpeg(r.target()) : webp(r.target()));
    }
    return a;
  }

  private static List<String> head(long maxPixels) {
    return new ArrayList<>(FfmpegPrelude.write(false, maxPixels));
  }

  private static String scale(Dimensions size) {
    return "scale=" + size.width() + ":" + size.height() + ":flags=lanczos";
  }

  private static List<String> jpeg(Path target) {
    List<String> a = new ArrayList<>(List.of("-frames:v", "1", "-an"));
    a.addAll(FfmpegEncoders.jpeg(JPEG_QUALITY));
    a.addAll(List.of("-map_metadata", "-1", "-f", "image2", target.toAbsolutePath().toString()));
    return a;
  }

  private static List<String> webp(Path target) {
    return List.of(
        "-frames:v",
        "1",
        "-an",
        "-c:v",
        "libwebp",
        "-quality",
        Integer.toString(WEBP_QUALITY),
        "-map_metadata",
        "-1",
        "-f",
        "webp",
        target.toAbsolutePath().toString());
  }

  static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
