package ai.omnix.pipeline.storage;

/**
 * The content type every backend stores: given, or {@value #DEFAULT}; never anything that could
 * break a header.
 */
public final class ContentTypes {
  public static final String DEFAULT = "application/octet-stream";

  /** Longer than any registered media type with parameters; keeps sidecars and headers small. */
  public static final int MAX_LENGTH = 255;

  private ContentTypes() {}

  /**
   * Returns {@code contentType}, or {@value #DEFAULT} when it is null or blank.
   *
   * @throws IllegalArgumentException when it is longer than {@value #MAX_LENGTH} or holds anything
   *     but printable ASCII
   */
  public static String orDefault(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return DEFAULT;
    }
    if (contentType.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("content type longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < contentType.length(); i++) {
      char c = contentType.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("content type holds a control or non-ASCII character");
      }
    }
    return contentType.trim();
  }
}
