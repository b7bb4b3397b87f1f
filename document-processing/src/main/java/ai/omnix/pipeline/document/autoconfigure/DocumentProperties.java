package ai.omnix.pipeline.document.autoconfigure;

import ai.omnix.pipeline.document.DocumentLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omnix.documents.*}: the bounds of document jobs.
 *
 * @param maxCharacters extracted text is cut here (default 20 million)
 * @param maxPages more pages fail {@code too_many_pages} (default 2,000)
 * @param maxImagePixels larger images or rendered pages fail {@code image_too_large} (default 100 megapixels)
 * @param timeLimit hard limit per job (default 10 minutes)
 * @param tessdataDir a Tesseract traineddata folder; unset means the {@code eng} bundled with tess4j
 */
@ConfigurationProperties("omnix.documents")
public record DocumentProperties(
    Integer maxCharacters, Integer maxPages, Long maxImagePixels, Duration timeLimit, Path tessdataDir) {

  public DocumentLimits toLimits() {
    return new DocumentLimits(
        maxCharacters != null ? maxCharacters : DocumentLimits.DEFAULT_MAX_CHARACTERS,
        maxPages != null ? maxPages : DocumentLimits.DEFAULT_MAX_PAGES,
        maxImagePixels != null ? maxImagePixels : DocumentLimits.DEFAULT_MAX_IMAGE_PIXELS,
        timeLimit != null ? timeLimit : DocumentLimits.DEFAULT_TIME_LIMIT,
        tessdataDir);
  }
}
