package ai.omnix.pipeline.media;

/** A picture's size in pixels, as displayed. */
public record Dimensions(int width, int height) {
  public Dimensions {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
    }
  }

  /** The displayed size of a video stream (after rotation). */
  public static Dimensions of(MediaInfo.Stream video) {
    return new Dimensions(video.displayWidth(), video.displayHeight());
  }

  /**
   * The largest size that keeps this aspect ratio, fits within {@code maxWidth} × {@code maxHeight}
   * and is never larger than this size (no upscaling). Each side is rounded to the nearest pixel,
   * and is at least 1.
   */
  public Dimensions fitWithin(int maxWidth, int maxHeight) {
    double factor = Math.min(1.0, Math.min((double) maxWidth / width, (double) maxHeight / height));
    return new Dimensions(
        Math.max(1, (int) Math.round(width * factor)),
        Math.max(1, (int) Math.round(height * factor)));
  }

  /**
   * Scaled to {@code targetHeight}, the width rounded to an even number as {@code scale=-2:h} does.
   */
  public Dimensions atEvenHeight(int targetHeight) {
    int w = (int) Math.round((double) targetHeight * width / (height * 2.0)) * 2;
    return new Dimensions(Math.max(2, w), targetHeight);
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
