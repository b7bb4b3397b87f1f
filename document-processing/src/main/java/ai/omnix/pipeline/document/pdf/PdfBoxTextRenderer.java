package ai.omnix.pipeline.document.pdf;

import ai.omnix.pipeline.core.document.TextPdfRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** {@link TextPdfRenderer} with PDFBox: A4 pages, Helvetica 10 pt, as many pages as it takes. */
public final class PdfBoxTextRenderer implements TextPdfRenderer {
  private static final float MARGIN = 50;
  private static final float SIZE = 10;
  private static final float LEADING = 14;
  private static final int MAX_CHARS = 110;

  @Override
  public byte[] render(String title, List<String> lines) {
    if (lines.size() > MAX_LINES) {
      throw new IllegalArgumentException("at most " + MAX_LINES + " lines, got " + lines.size());
    }
    PDRectangle a4 = PDRectangle.A4;
    int perPage = (int) ((a4.getHeight() - 2 * MARGIN) / LEADING);
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = new PDDocumentInformation();
      info.setTitle(printable(title));
      document.setDocumentInformation(info);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      int from = 0;
      do {
        PDPage page = new PDPage(a4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, SIZE);
          content.setLeading(LEADING);
          content.newLineAtOffset(MARGIN, a4.getHeight() - MARGIN);
          for (int i = from; i < Math.min(lines.size(), from + perPage); i++) {
            content.showText(printable(lines.get(i)));
            content.newLine();
          }
          content.endText();
        }
        from += perPage;
      } while (from < lines.size());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What Helvetica in WinAnsi can show: printable ASCII; the rest becomes '?'. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS));
    for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
