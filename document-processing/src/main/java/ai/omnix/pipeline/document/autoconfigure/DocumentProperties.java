package ai.omnix.pipeline.document.autoconfigure;

import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.document.DocumentLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omnix.documents.*}: the bounds of document jobs. Every value has a default.
 *
 * @param maxCharacters extracted text is cut here (default 20 million)
 * @param maxPages per plan, such as {@code omnix.documents.max-pages.free=50}: a document with more
 *     pages fails {@code too_many_pages}; a plan left out keeps its default (free 50, student 100,
 *     pro 500, team 1,000, enterprise 2,000)
 * @param maxImagePixels per plan, such as {@code omnix.documents.max-image-pixels.free=25000000}: a
 *     larger image or rendered page fails {@code image_too_large} before it is decoded; a plan left
 *     out keeps its default (free 25 megapixels, student 50, pro, team and enterprise 100)
 * @param timeLimit hard limit per job (default 10 minutes)
 * @param tessdataDir a Tesseract traineddata folder; unset means the {@code eng} bundled with
 *     tess4j
 * @param ocrThreads pages recognised at once in this process, over all OCR jobs (one Tesseract
 *     engine each; one long document uses them all); default the number of cores
 */
@ConfigurationProperties("omnix.documents")
public record DocumentProperties(
    Integer maxCharacters,
    Map<Plan, Integer> maxPages,
    Map<Plan, Long> maxImagePixels,
    Duration timeLimit,
    Path tessdataDir,
    Integer ocrThreads) {

  public DocumentProperties {
    if (ocrThreads == null) {
      ocrThreads = Runtime.getRuntime().availableProcessors();
    }
    if (ocrThreads < 1) {
      throw new IllegalArgumentException("omnix.documents.ocr-threads must be at least 1");
    }
  }

  public DocumentLimits toLimits() {
    return new DocumentLimits(
        maxCharacters != null ? maxCharacters : DocumentLimits.DEFAULT_MAX_CHARACTERS,
        maxPages,
        maxImagePixels,
        timeLimit != null ? timeLimit : DocumentLimits.DEFAULT_TIME_LIMIT,
        tessdataDir);
  }
}
