package ai.omnix.pipeline.generation.provider.google;

import java.util.List;

/** The aspect ratios Imagen and Veo take, and the nearest one to a requested size. */
final class GoogleAspectRatio {
  static final List<String> IMAGEN = List.of("1:1", "3:4", "4:3", "9:16", "16:9");
  static final List<String> VEO = List.of("16:9", "9:16");

  private GoogleAspectRatio() {}

  /**
   * The ratio of {@code supported} closest to {@code width:height}, comparing logarithms so that
   * 2:1 and 1:2 are equally far from 1:1. Null when the size is not given, so the provider's
   * default applies.
   */
  static String nearest(int width, int height, List<String> supported) {
    if (width <= 0 || height <= 0) {
      return null;
    }
    double wanted = Math.log((double) width / height);
    String best = null;
    double bestDistance = Double.MAX_VALUE;
    for (String ratio : supported) {
      int colon = ratio.indexOf(':');
      double candidate =
          Math.log(
              Double.parseDouble(ratio.substring(0, colon))
                  / Double.parseDouble(ratio.substring(colon + 1)));
      double distance = Math.abs(candidate - wanted);
      if (distance < bestDistance) {
        best = ratio;
        bestDistance = distance;
      }
    }
    return best;
  }
}
