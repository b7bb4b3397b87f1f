package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/**
 * Documents through the product: upload, extract a text PDF, OCR a scanned page, all over the API.
 */
class DocumentJobsIT extends PipelineTestSupport {

  static byte[] aTextPdf(String text) throws Exception {
    try (PDDocument document = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
        content.newLineAtOffset(72, 700);
        content.showText(text);
        content.endText();
      }
      document.save(out);
      return out.toByteArray();
    }
  }

  static byte[] aScan(String text) throws Exception {
    BufferedImage image = new BufferedImage(1700, 400, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 64));
    g.drawString(text, 60, 200);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPdfIsExtractedAndAScanIsReadByOcrWithTheirOutputsInLineage() throws Exception {
    ApiClient tenant = aTenant("pro");
    String pdf =
        (String)
            AssetsIT.uploadRaw(tenant, "memo.pdf", aTextPdf("Quarterly results exceeded plan"))
                .json()
                .get("id");
    String extract =
        (String)
            tenant
                .post("/v1/jobs", Map.of("type", "extract", "input", Map.of("asset_id", pdf)))
                .json()
                .get("id");
    Map<String, Object> extracted = awaitStatus(tenant, extract, "succeeded");
    assertThat(extracted.get("result")).asString().contains("Quarterly results exceeded plan");

    String scan =
        (String)
            AssetsIT.uploadRaw(tenant, "scan.png", aScan("Invoice number 4711 paid"))
                .json()
                .get("id");
    String ocr =
        (String)
            tenant
                .post("/v1/jobs", Map.of("type", "ocr", "input", Map.of("asset_id", scan)))
                .json()
                .get("id");
    Map<String, Object> read = awaitStatus(tenant, ocr, "succeeded");
    assertThat(read.get("result")).asString().contains("Invoice number 4711 paid");
    List<String> outputs =
        (List<String>) ((Map<String, Object>) read.get("result")).get("output_asset_ids");
    List<Map<String, Object>> lineage =
        (List<Map<String, Object>>)
            tenant.get("/v1/assets/" + scan + "/derivatives").json().get("data");
    assertThat(lineage).extracting(a -> a.get("id")).containsAll(outputs);
    assertThat(lineage)
        .extracting(a -> a.get("filename"))
        .contains("text.txt", "ocr.json", "searchable.pdf");
  }
}
