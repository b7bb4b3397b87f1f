package ai.omnix.pipeline.launcher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;

/**
 * Documents in chat through the whole product: uploads, the real {@code extract} and {@code ocr}
 * jobs (PDFBox, Tesseract) run by the workers, the prompt a provider receives (the OpenAI stub) and
 * the citations that come back.
 */
class ChatDocumentsIT extends PipelineTestSupport {

  static byte[] aPdf(String... pages) throws Exception {
    try (PDDocument document = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
          content.newLineAtOffset(72, 700);
          content.showText(text);
          content.endText();
        }
      }
      document.save(out);
      return out.toByteArray();
    }
  }

  /** A PDF whose one page is a picture of text: no text layer, so only OCR reads it. */
  static byte[] aScannedPdf(String text) throws Exception {
    byte[] png = DocumentJobsIT.aScan(text);
    try (PDDocument document = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      PDImageXObject image =
          LosslessFactory.createFromImage(
              document, ImageIO.read(new java.io.ByteArrayInputStream(png)));
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.drawImage(image, 20, 500, 570, 134);
      }
      document.save(out);
      return out.toByteArray();
    }
  }

  private static String upload(ApiClient tenant, String filename, byte[] bytes) {
    ApiClient.Response created = AssetsIT.uploadRaw(tenant, filename, bytes);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private static String conversation(ApiClient tenant, String model) {
    ApiClient.Response created = tenant.post("/v1/conversations", Map.of("model", model));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private static ApiClient.Response ask(
      ApiClient tenant, String conversation, String content, List<String> assets) {
    return tenant.post(
        "/v1/conversations/" + conversation + "/messages",
        Map.of("content", content, "asset_ids", assets, "stream", false, "max_tokens", 60));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> jobs(ApiClient tenant, String type) {
    return (List<Map<String, Object>>) tenant.get("/v1/jobs?type=" + type).json().get("data");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> omnix(ApiClient.Response reply) {
    return (Map<String, Object>) reply.json().get("omnix");
  }

  @SuppressWarnings("unchecked")
  private static String content(ApiClient.Response reply) {
    Map<String, Object> choice = ((List<Map<String, Object>>) reply.json().get("choices")).get(0);
    return (String) ((Map<String, Object>) choice.get("message")).get("content");
  }

  private static List<LoggedRequest> promptsNaming(String assetId) {
    return ProviderStubs.SERVER
        .findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
        .stream()
        .filter(r -> r.getBodyAsString().contains(assetId))
        .toList();
  }

  private static String sse(String content) {
    String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[";
    return head
        + "{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"},\"finish_reason\":null}]}\n\n"
        + head
        + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + head
        + "],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":8,\"total_tokens\":58}}\n\n"
        + "data: [DONE]\n\n";
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPdfIsReadPageByPageCitedByPageAndItsExtractionReusedByTheNextMessage() throws Exception {
    ApiClient tenant = aTenant("pro");
    String pdf =
        upload(
            tenant,
            "fruit.pdf",
            aPdf("Alpha apples grow on page one", "Bravo bananas ripen on page two"));
    String conversation = conversation(tenant, "offline-chat");

    ApiClient.Response first = ask(tenant, conversation, "What grows here?", List.of(pdf));

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(omnix(first).get("citations"))
        .isEqualTo(List.of(Map.of("asset_id", pdf, "page", 1)));
    // offline-chat quotes the page it cites: the page's text was in the prompt behind its marker
    assertThat(content(first))
        .contains("From [asset " + pdf + " page 1]: \u201cAlpha apples grow on page one\u201d");
    Map<String, Object> context = (Map<String, Object>) omnix(first).get("context");
    assertThat((List<Map<String, Object>>) context.get("documents"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d)
                    .containsEntry("asset_id", pdf)
                    .containsEntry("source", "extract")
                    .containsEntry("pages", 2)
                    .containsEntry("pages_included", 2)
                    .containsEntry("truncated", false));
    List<Map<String, Object>> extractions = jobs(tenant, "extract");
    assertThat(extractions)
        .singleElement()
        .satisfies(j -> assertThat(j).containsEntry("status", "succeeded"));

    // the next message attaches it again, streamed: the finished extraction is reused, not run
    // again, and the citations come in the last chunk before [DONE]
    ApiClient.Response second =
        tenant.post(
            "/v1/conversations/" + conversation + "/messages",
            Map.of("content", "And the bananas?", "asset_ids", List.of(pdf), "max_tokens", 60));
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    List<String> events =
        second.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    Map<String, Object> last =
        new ApiClient.Response(200, Map.of(), events.get(events.size() - 2)).json();
    assertThat(((Map<String, Object>) last.get("omnix")).get("citations"))
        .isEqualTo(List.of(Map.of("asset_id", pdf, "page", 1)));
    assertThat(jobs(tenant, "extract")).hasSize(1);
    assertThat(jobs(tenant, "ocr")).isEmpty();

    // a follow-up without attachments still sees the document attached earlier
    ApiClient.Response third = ask(tenant, conversation, "Which page was that?", List.of());
    assertThat(third.status()).as(third.body()).isEqualTo(200);
    assertThat(omnix(third).get("citations"))
        .isEqualTo(List.of(Map.of("asset_id", pdf, "page", 1)));
    assertThat(
            (List<Map<String, Object>>)
                ((Map<String, Object>) omnix(third).get("context")).get("documents"))
        .singleElement()
        .satisfies(
            d -> assertThat(d).containsEntry("asset_id", pdf).containsEntry("attached", "earlier"));
    assertThat(jobs(tenant, "extract")).hasSize(1);

    // the conversation keeps what was attached and what was cited
    List<Map<String, Object>> messages =
        (List<Map<String, Object>>)
            tenant.get("/v1/conversations/" + conversation).json().get("messages");
    assertThat(messages).hasSize(6);
    assertThat(messages.get(4)).containsEntry("asset_ids", List.of());
    assertThat(messages.get(0)).containsEntry("asset_ids", List.of(pdf));
    assertThat(messages.get(1))
        .containsEntry("citations", List.of(Map.of("asset_id", pdf, "page", 1)));
  }

  @Test
  void aProviderModelIsSentEveryPageBehindItsMarkerAndItsOwnCitationsAreKept() throws Exception {
    ApiClient tenant = aTenant("pro");
    String pdf =
        upload(
            tenant,
            "report.pdf",
            aPdf("Revenue rose in the north", "Costs fell in the south", "Outlook is stable"));
    ProviderStubs.SERVER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(containing(pdf))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(
                        sse(
                            "Costs fell [asset "
                                + pdf
                                + " page 2], see [asset "
                                + pdf
                                + " page 7]."))));
    String conversation = conversation(tenant, "gpt-4o-mini");

    ApiClient.Response reply = ask(tenant, conversation, "What happened to costs?", List.of(pdf));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<LoggedRequest> prompts = promptsNaming(pdf);
    assertThat(prompts).hasSize(1);
    String prompt = prompts.get(0).getBodyAsString();
    assertThat(prompt)
        .contains("[asset " + pdf + " page 1]\\nRevenue rose in the north")
        .contains("[asset " + pdf + " page 2]\\nCosts fell in the south")
        .contains("[asset " + pdf + " page 3]\\nOutlook is stable")
        .contains("What happened to costs?");
    // page 7 was never sent: a made-up citation is dropped
    assertThat(omnix(reply).get("citations"))
        .isEqualTo(List.of(Map.of("asset_id", pdf, "page", 2)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aScannedPdfWithoutATextLayerIsReadByOcr() throws Exception {
    ApiClient tenant = aTenant("pro");
    String scan = upload(tenant, "scan.pdf", aScannedPdf("Invoice number 4711 paid"));
    String conversation = conversation(tenant, "offline-chat");

    ApiClient.Response reply = ask(tenant, conversation, "Is it paid?", List.of(scan));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(jobs(tenant, "extract"))
        .singleElement()
        .satisfies(j -> assertThat(j).containsEntry("status", "succeeded"));
    assertThat(jobs(tenant, "ocr"))
        .singleElement()
        .satisfies(j -> assertThat(j).containsEntry("status", "succeeded"));
    Map<String, Object> context = (Map<String, Object>) omnix(reply).get("context");
    assertThat((List<Map<String, Object>>) context.get("documents"))
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("source", "ocr"));
    assertThat(omnix(reply).get("citations"))
        .isEqualTo(List.of(Map.of("asset_id", scan, "page", 1)));
    assertThat(content(reply)).contains("Invoice");
  }

  @Test
  void anImageGoesToAVisionModelAsAnImagePart() throws Exception {
    ApiClient tenant = aTenant("pro");
    String image = upload(tenant, "photo.png", DocumentJobsIT.aScan("Hello picture"));
    ProviderStubs.SERVER.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(containing("What is in the picture " + image))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(sse("A greeting."))));
    String conversation = conversation(tenant, "gpt-4o-mini");

    ApiClient.Response reply =
        ask(tenant, conversation, "What is in the picture " + image + "?", List.of(image));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(content(reply)).isEqualTo("A greeting.");
    List<LoggedRequest> prompts = promptsNaming(image);
    assertThat(prompts).hasSize(1);
    assertThat(prompts.get(0).getBodyAsString())
        .contains("\"type\":\"image_url\"")
        .contains("\"url\":\"data:image/png;base64,");
    assertThat(jobs(tenant, "extract")).isEmpty();
    assertThat(jobs(tenant, "ocr")).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDocumentTheExtractionCannotReadIsRefusedWithTheJobsCode() {
    ApiClient tenant = aTenant("pro");
    byte[] broken = "%PDF-1.7\nthis is not really a PDF at all\n".getBytes();
    String pdf = upload(tenant, "broken.pdf", broken);
    String conversation = conversation(tenant, "offline-chat");

    ApiClient.Response refused = ask(tenant, conversation, "Read it", List.of(pdf));

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json()).containsEntry("code", "attachment_failed");
    Map<String, Object> error = ((List<Map<String, Object>>) refused.json().get("errors")).get(0);
    assertThat(error)
        .containsEntry("asset_id", pdf)
        .containsEntry("job_error_code", "unreadable_document");
    assertThat(jobs(tenant, "extract"))
        .singleElement()
        .satisfies(
            j ->
                assertThat(j)
                    .containsEntry("id", error.get("job_id"))
                    .containsEntry("status", "failed"));
  }
}
