package ai.omnix.pipeline.generation.provider.openai;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The sizes each OpenAI image model accepts, and the nearest one to what a request asks for. */
final class OpenAiImageSize {
  private static final List<int[]> GPT_IMAGE =
      List.of(new int[] {1024, 1024}, new int[] {1536, 1024}, new int[] {1024, 1536});
  private static final List<int[]> DALL_E_3 =
      List.of(new int[] {1024, 1024}, new int[] {1792, 1024}, new int[] {1024, 1792});
  private static final List<int[]> DALL_E_2 =
      List.of(new int[] {256, 256}, new int[] {512, 512}, new int[] {1024, 1024});
  private static final int MAX_RATIO_TERM = 100_000;

  private OpenAiImageSize() {}

  /**
   * The supported size, as {@code WIDTHxHEIGHT}, closest in shape and then in area to {@code width}
   * by {@code height}; when those are not both positive, closest in shape to {@code aspectRatio}
   * ({@code W:H}), else square.
   */
  static String nearest(String model, int width, int height, String aspectRatio) {
    List<int[]> sizes = sizesFor(model);
    double wantedShape;
    double wantedArea;
    if (width > 0 && height > 0) {
      wantedShape = Math.log((double) width / height);
      wantedArea = Math.log((double) width * height);
    } else {
      wantedShape = shapeOf(aspectRatio);
      wantedArea = Double.NaN;
    }
    int[] best =
        sizes.stream()
            .min(
                Comparator.<int[]>comparingDouble(
                        s -> Math.abs(Math.log((double) s[0] / s[1]) - wantedShape))
                    .thenComparingDouble(
                        s ->
                            Double.isNaN(wantedArea)
                                ? -s[0] * (double) s[1]
                                : Math.abs(Math.log((double) s[0] * s[1]) - wantedArea)))
            .orElseThrow();
    return best[0] + "x" + best[1];
  }

  static boolean isDallE3(String model) {
    return model.toLowerCase(Locale.ROOT).startsWith("dall-e-3");
  }

  static boolean isDallE(String model) {
    return model.toLowerCase(Locale.ROOT).startsWith("dall-e");
  }

  private static List<int[]> sizesFor(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("dall-e-3")) {
      return DALL_E_3;
    }
    if (m.startsWith("dall-e-2")) {
      return DALL_E_2;
    }
    return GPT_IMAGE;
  }

  private static double shapeOf(String aspectRatio) {
    if (aspectRatio == null || aspectRatio.length() > 16) {
      return 0;
    }
    String[] parts = aspectRatio.trim().split(":");
    if (parts.length != 2) {
      return 0;
    }
    try {
      int w = Integer.parseInt(parts[0].trim());
      int h = Integer.parseInt(parts[1].trim());
      if (w <= 0 || h <= 0 || w > MAX_RATIO_TERM || h > MAX_RATIO_TERM) {
        return 0;
      }
      return Math.log((double) w / h);
    } catch (NumberFormatException unreadable) {
      return 0;
    }
  }
}
