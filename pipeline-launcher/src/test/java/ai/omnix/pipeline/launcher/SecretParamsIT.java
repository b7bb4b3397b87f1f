package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A document's password is write-only: the job (and its follow-up) can open the encrypted PDF with
 * it, but no API answer, webhook payload or ended job row holds it.
 */
class SecretParamsIT extends PipelineTestSupport {
  private HttpServer receiver;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  static byte[] anEncryptedPdf(String text, String password) throws Exception {
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
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner-" + password, password, new AccessPermission());
      policy.setEncryptionKeyLength(128);
      document.protect(policy);
      document.save(out);
      return out.toByteArray();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDocumentPasswordOpensThePdfButIsNeverShownSentOrKept() throws Exception {
    ApiClient tenant = aTenant("pro");
    String password = "pw-" + UUID.randomUUID();
    String pdf =
        (String)
            AssetsIT.uploadRaw(
                    tenant, "locked.pdf", anEncryptedPdf("Board minutes are private", password))
                .json()
                .get("id");
    ApiClient.Response submitted =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "extract",
                "input",
                Map.of("asset_id", pdf),
                "params",
                Map.of("password", password),
                "webhook_url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "follow_ups",
                List.of(
                    Map.of(
                        "type",
                        "document-thumbnail",
                        "input",
                        "source",
                        "params",
                        Map.of("password", password, "width", 64)))));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    assertThat(submitted.body()).doesNotContain(password);
    String id = (String) submitted.json().get("id");
    assertThat(tenant.get("/v1/jobs/" + id).body()).doesNotContain(password);

    Map<String, Object> done = awaitStatus(tenant, id, "succeeded");
    assertThat(done.get("result")).asString().contains("Board minutes are private");
    assertThat(done.toString()).doesNotContain(password);
    assertThat((Map<String, Object>) done.get("params")).doesNotContainKey("password");
    Map<String, Object> followUpSpec = ((List<Map<String, Object>>) done.get("follow_ups")).get(0);
    assertThat((Map<String, Object>) followUpSpec.get("params")).containsEntry("width", 64);

    List<Map<String, Object>> children =
        (List<Map<String, Object>>) tenant.get("/v1/jobs?parent_job_id=" + id).json().get("data");
    assertThat(children).hasSize(1);
    String child = (String) children.get(0).get("id");
    Map<String, Object> thumbnail = awaitStatus(tenant, child, "succeeded");
    assertThat(thumbnail.toString()).doesNotContain(password);

    ApiClient.Response list = tenant.get("/v1/jobs");
    assertThat(list.body()).contains(id, child).doesNotContain(password);
    assertThat(tenant.get("/v1/jobs/" + id + "/webhooks").body()).doesNotContain(password);

    List<String> hooks =
        await(
            Duration.ofSeconds(30),
            () -> List.copyOf(received),
            r -> r.stream().filter(b -> b.contains(id)).count() >= 1,
            "the job's webhook");
    assertThat(hooks).isNotEmpty().allSatisfy(b -> assertThat(b).doesNotContain(password));

    for (String job : List.of(id, child)) {
      Map<String, Object> row =
          jdbc.sql("select params::text as p, follow_ups::text as f, status from jobs where id = ?")
              .param(UUID.fromString(job))
              .query()
              .singleRow();
      assertThat(row.get("status")).isEqualTo("succeeded");
      assertThat((String) row.get("p")).doesNotContain(password);
      assertThat(String.valueOf(row.get("f"))).doesNotContain(password);
    }
  }
}
