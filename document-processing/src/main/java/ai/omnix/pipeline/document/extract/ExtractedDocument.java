package ai.omnix.pipeline.document.extract;

import java.util.List;
import java.util.Map;

/**
 * The text and facts of one document.
 *
 * @param pageCount the number of pages when the format knows it, else null
 * @param pages per-page spans of {@code text} (PDF only), in UTF-16 code units, end exclusive
 * @param truncated true when the text was cut at the character limit
 */
public record ExtractedDocument(
    String detectedType,
    String text,
    Integer pageCount,
    List<PageSpan> pages,
    Map<String, Object> metadata,
    boolean truncated) {

  public record PageSpan(int number, int start, int end) {}

  public ExtractedDocument {
    pages = List.copyOf(pages);
    metadata = Map.copyOf(metadata);
  }
}
