package ai.omnix.pipeline.document.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * Builds a searchable PDF page by page: each OCR'd page is its scan with the recognised words laid
 * over it as invisible text (rendering mode "neither") at their boxes; a PDF page that already had
 * a text layer is copied as it is. Streams are cached in temp files, so memory stays bounded by one
 * page. Not thread-safe: one per job.
 *
 * <p>The invisible text uses Helvetica (WinAnsi): characters outside it are written as {@code ?},
 * so non-Latin OCR text is searchable in {@code ocr.json} and {@code text.txt} but not yet in the
 * PDF (an embedded Unicode font would lift that).
 */
public final class SearchablePdf implements AutoCloseable {
  private static final float JPEG_QUALITY = 0.85f;
  private final PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
  private final PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

  /**
   * Copies a page that kept its own text layer; its source document must stay open until {@link
   * #save}.
   */
  public void addOriginalPage(PDPage page) throws IOException {
    document.importPage(page);
  }

  public void addScannedPage(BufferedImage scan, int dpi, OcrDocument.Page ocr) throws IOException {
    float scale = 72f / dpi;
    float width = scan.getWidth() * scale;
    float height = scan.getHeight() * scale;
    PDPage page = new PDPage(new PDRectangle(width, height));
    document.addPage(page);
    PDImageXObject image = JPEGFactory.createFromImage(document, scan, JPEG_QUALITY, dpi);
    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
      content.drawImage(image, 0, 0, width, height);
      content.beginText();
      content.setRenderingMode(RenderingMode.NEITHER);
      for (OcrDocument.Line line : ocr.lines()) {
        for (OcrDocument.Word word : line.words()) {
          if (word.box() != null) {
            placeWord(content, word, scale, height);
          }
        }
      }
      content.endText();
    }
  }

  private void placeWord(
      PDPageContentStream content, OcrDocument.Word word, float scale, float pageHeight)
      throws IOException {
    String text = encodable(word.text());
    OcrDocument.Box box = word.box();
    float fontSize = Math.max(1f, box.height() * scale);
    float natural = font.getStringWidth(text) / 1000f * fontSize;
    if (natural <= 0) {
      return;
    }
    content.setFont(font, fontSize);
    content.setHorizontalScaling(box.width() * scale / natural * 100f);
    float x = box.x() * scale;
    float baseline = pageHeight - (box.y() + box.height()) * scale + fontSize * 0.2f;
    content.setTextMatrix(org.apache.pdfbox.util.Matrix.getTranslateInstance(x, baseline));
    content.showText(text);
  }

  private String encodable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              String s = new String(Character.toChars(cp));
              try {
                font.encode(s);
                out.append(s);
              } catch (IOException | IllegalArgumentException e) {
                out.append('?');
              }
            });
    return out.toString();
  }

  public int pageCount() {
    return document.getNumberOfPages();
  }

  public void save(OutputStream out) throws IOException {
    document.save(out);
  }

  @Override
  public void close() throws IOException {
    document.close();
  }
}
