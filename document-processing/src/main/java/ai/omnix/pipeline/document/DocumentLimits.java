package ai.omnix.pipeline.document;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds that file content can never exceed in a document job: extracted characters, pages, decoded pixels and the
 * wall-clock time of one job.
 *
 * @param maxCharacters text beyond this is cut off and the result marked truncated
 * @param maxPages documents with more pages fail {@code too_many_pages}
 * @param maxImagePixels images (or rendered pages) above this pixel count fail {@code image_too_large} before their
 *     raster is decoded
 * @param timeLimit a job running longer fails {@code document_timeout}
 * @param tessdataDir Tesseract's traineddata directory, or null for the {@code eng}/{@code osd} bundled in tess4j
 */
public record DocumentLimits(
    int maxCharacters, int maxPages, long maxImagePixels, Duration timeLimit, Path tessdataDir) {

  public static final int DEFAULT_MAX_CHARACTERS = 20_000_000;
  public static final int DEFAULT_MAX_PAGES = 2_000;
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 100_000_000L;
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);

  public DocumentLimits {
    if (maxCharacters <= 0 || maxPages <= 0 || maxImagePixels <= 0) {
      throw new IllegalArgumentException("document limits must be positive");
    }
    Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive");
    }
  }

  public static DocumentLimits defaults() {
    return new DocumentLimits(
        DEFAULT_MAX_CHARACTERS, DEFAULT_MAX_PAGES, DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_TIME_LIMIT, null);
  }

  public DocumentLimits withMaxPages(int pages) {
    return new DocumentLimits(maxCharacters, pages, maxImagePixels, timeLimit, tessdataDir);
  }

  public DocumentLimits withMaxCharacters(int characters) {
    return new DocumentLimits(characters, maxPages, maxImagePixels, timeLimit, tessdataDir);
  }

  public DocumentLimits withMaxImagePixels(long pixels) {
    return new DocumentLimits(maxCharacters, maxPages, pixels, timeLimit, tessdataDir);
  }

  public DocumentLimits withTimeLimit(Duration limit) {
    return new DocumentLimits(maxCharacters, maxPages, maxImagePixels, limit, tessdataDir);
  }
}
