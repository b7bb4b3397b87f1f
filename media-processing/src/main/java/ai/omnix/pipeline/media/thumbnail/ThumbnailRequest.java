package ai.omnix.pipeline.media.thumbnail;

import ai.omnix.pipeline.core.job.type.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the tenant asked for, defaults filled in. The params were validated against {@link
 * ThumbnailJobType}'s schema and {@link #violations} at submission.
 *
 * @param timeSeconds the poster's time, or null for the smart default
 * @param sizes distinct widths, ascending
 */
public record ThumbnailRequest(
    Double timeSeconds, int maxWidth, int maxHeight, List<Integer> sizes, List<Format> formats) {
  public static final String TIME_S = "time_s";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String SIZES = "sizes";
  public static final String FORMATS = "formats";
  static final int MAX_SIZES = 8;
  static final int MIN_SIZE = 16;
  static final int MAX_SIZE = 4096;
  static final List<Integer> DEFAULT_SIZES = List.of(160, 320, 640);

  /** An image thumbnail's encoding. */
  public enum Format {
    JPEG("jpeg", "jpg", "image/jpeg"),
    WEBP("webp", "webp", "image/webp");

    private final String wireName;
    private final String extension;
    private final String contentType;

    Format(String wireName, String extension, String contentType) {
      this.wireName = wireName;
      this.extension = extension;
      this.contentType = contentType;
    }

    public String wireName() {
      return wireName;
    }

    public String extension() {
      return extension;
    }

    public String contentType() {
      return contentType;
    }
  }

  public ThumbnailRequest {
    sizes = List.copyOf(sizes);
    formats = List.copyOf(formats);
  }

  public static ThumbnailRequest fromParams(Map<String, Object> params) {
    Double time = params.get(TIME_S) instanceof Number n ? n.doubleValue() : null;
    int width = params.get(WIDTH) instanceof Number n ? n.intValue() : 1280;
    int height = params.get(HEIGHT) instanceof Number n ? n.intValue() : 720;
    List<Integer> sizes = params.get(SIZES) instanceof String s ? parseSizes(s) : DEFAULT_SIZES;
    List<Format> formats =
        params.get(FORMATS) instanceof String f ? parseFormats(f) : List.of(Format.values());
    return new ThumbnailRequest(time, width, height, sizes, formats);
  }

  /** The checks beyond the schema: the shape of {@code sizes} and {@code formats}. */
  static List<Violation> violations(Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    if (params.get(SIZES) instanceof String s) {
      try {
        parseSizes(s);
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("params." + SIZES, e.getMessage()));
      }
    }
    if (params.get(FORMATS) instanceof String f) {
      try {
        parseFormats(f);
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("params." + FORMATS, e.getMessage()));
      }
    }
    return violations;
  }

  static List<Integer> parseSizes(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length > MAX_SIZES) {
      throw new IllegalArgumentException("must list at most " + MAX_SIZES + " sizes");
    }
    Set<Integer> sizes = new java.util.TreeSet<>();
    for (String part : parts) {
      String p = part.strip();
      if (!p.matches("\\d{1,5}")) {
        throw new IllegalArgumentException("must be a comma list of widths such as 160,320,640");
      }
      int size = Integer.parseInt(p);
      if (size < MIN_SIZE || size > MAX_SIZE) {
        throw new IllegalArgumentException(
            "each size must be between " + MIN_SIZE + " and " + MAX_SIZE);
      }
      sizes.add(size);
    }
    return List.copyOf(sizes);
  }

  static List<Format> parseFormats(String text) {
    Set<Format> formats = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      Format f =
          switch (p) {
            case "jpeg", "jpg" -> Format.JPEG;
            case "webp" -> Format.WEBP;
            default -> throw new IllegalArgumentException("must be jpeg, webp or jpeg,webp");
          };
      formats.add(f);
    }
    return List.copyOf(formats);
  }
}
