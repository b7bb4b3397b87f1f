package ai.omnix.pipeline.document.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.document.TextPdfRenderer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PdfBoxTextRendererTest {
  private final PdfBoxTextRenderer renderer = new PdfBoxTextRenderer();

  @Test
  void linesReadBackAsTextAcrossAsManyPagesAsItTakes() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      lines.add("line " + i + " total 12.345 credits");
    }
    lines.add("caf\u00e9 \u2013 \u00fcber");

    byte[] pdf = renderer.render("Invoice INV-2026-000001", lines);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isEqualTo(3);
      assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Invoice INV-2026-000001");
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("line 0 total 12.345 credits", "line 119 total", "caf? ? ?ber");
    }
  }

  @Test
  void refusesMoreLinesThanTheContractAllows() {
    assertThatThrownBy(
            () -> renderer.render("x", Collections.nCopies(TextPdfRenderer.MAX_LINES + 1, "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
