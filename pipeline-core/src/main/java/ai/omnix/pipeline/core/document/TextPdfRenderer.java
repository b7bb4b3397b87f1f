package ai.omnix.pipeline.core.document;

import java.util.List;

/**
 * Lays out lines of plain text as a PDF (invoices, reports). The implementation lives with the PDF
 * library in document-processing, so modules that produce documents (billing) do not pull it in.
 *
 * <p>Contract: thread-safe; each line is one line of the page in a standard font, long lines are
 * cut and characters the font cannot show are replaced with {@code ?}; at most {@link #MAX_LINES}
 * lines are laid out (a longer document is refused with {@link IllegalArgumentException}).
 */
public interface TextPdfRenderer {
  int MAX_LINES = 5_000;

  /** The PDF's bytes. */
  byte[] render(String title, List<String> lines);
}
