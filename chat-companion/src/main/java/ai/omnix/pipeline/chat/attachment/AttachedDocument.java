package ai.omnix.pipeline.chat.attachment;

import java.util.List;
import java.util.Objects;

/**
 * A document's text as its {@code extract} or {@code ocr} job wrote it, page by page.
 *
 * @param source {@code extract} or {@code ocr}: the job type whose output this is
 * @param jobId the job that produced it
 * @param pages in order; a document without pages is one page, numbered 1
 */
public record AttachedDocument(
    String assetId, String filename, String source, String jobId, List<Page> pages) {

  public AttachedDocument {
    Objects.requireNonNull(assetId, "assetId");
    pages = List.copyOf(pages);
  }

  public record Page(int number, String text) {}

  public boolean isBlank() {
    return pages.stream().allMatch(p -> p.text().isBlank());
  }
}
