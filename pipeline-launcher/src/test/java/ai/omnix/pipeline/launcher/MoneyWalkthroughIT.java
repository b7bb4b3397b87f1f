package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's money walkthrough, step by step over real HTTP: a tenant buys credits (a Stripe
 * event signed as Stripe signs it), spends some on a job, sees its usage and balance, gets the
 * month's invoice with its PDF, and a reconciliation run finds nothing wrong with its books.
 */
class MoneyWalkthroughIT extends PipelineTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void buyCreditsSpendThemSeeUsageAndBalanceGetTheInvoiceAndReconcile() throws Exception {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", "pro"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    ApiClient tenant = new ApiClient(port, (String) created.json().get("api_key"));

    // 1. a $10 package bought through Stripe Checkout: 100 credits
    String body =
        JSON.writeValueAsString(
            Map.of(
                "id",
                "evt_" + UUID.randomUUID(),
                "object",
                "event",
                "type",
                "checkout.session.completed",
                "created",
                Instant.now().getEpochSecond(),
                "data",
                Map.of(
                    "object",
                    Map.of(
                        "object",
                        "checkout.session",
                        "mode",
                        "payment",
                        "payment_status",
                        "paid",
                        "client_reference_id",
                        id,
                        "payment_intent",
                        "pi_" + UUID.randomUUID(),
                        "amount_total",
                        1000,
                        "currency",
                        "usd",
                        "metadata",
                        Map.of("omnix_package", "usd-10")))));
    long t = Instant.now().getEpochSecond();
    ApiClient.Response bought =
        admin()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/billing/stripe/events"))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", "t=" + t + ",v1=" + hmac(t + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build());
    assertThat(bought.status()).as(bought.body()).isEqualTo(200);
    assertThat(tenant.get("/v1/billing/balance").json()).containsEntry("available", "100.000");

    // 2. spend: a probe of a video (0.5 credit, reserved at submit, charged when it succeeds)
    ApiClient.Response probe =
        tenant.post(
            "/v1/jobs", Map.of("type", "probe", "input", Map.of("asset_id", upload(tenant))));
    assertThat(probe.status()).as(probe.body()).isEqualTo(202);
    awaitStatus(tenant, (String) probe.json().get("id"), "succeeded");

    // 3. balance and usage
    assertThat(tenant.get("/v1/billing/balance").json())
        .containsEntry("available", "99.500")
        .containsEntry("reserved", "0.000");
    YearMonth month = YearMonth.now(ZoneOffset.UTC);
    Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, Object> usage =
        tenant.get("/v1/usage?from=" + from + "&to=" + to + "&group_by=job_type").json();
    assertThat((List<Map<String, Object>>) usage.get("data"))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("job_type", "probe")
                    .containsEntry("jobs", 1)
                    .containsEntry("credits", "0.500"));

    // 4. the month's invoice (a draft until 72 h after the month), with its PDF
    ApiClient.Response invoicing =
        admin()
            .post(
                "/v1/jobs",
                Map.of("type", "invoicing", "params", Map.of("period", month.toString())));
    assertThat(invoicing.status()).as(invoicing.body()).isEqualTo(202);
    awaitStatus(admin(), (String) invoicing.json().get("id"), "succeeded");
    List<Map<String, Object>> invoices =
        (List<Map<String, Object>>) tenant.get("/v1/invoices").json().get("data");
    assertThat(invoices).hasSize(1);
    Map<String, Object> invoice = tenant.get("/v1/invoices/" + invoices.get(0).get("id")).json();
    assertThat(invoice)
        .containsEntry("period", month.toString())
        .containsEntry("status", "draft")
        .containsEntry("total_usd", "10.00")
        .containsEntry("usage_credits", "0.500")
        .containsEntry("purchased_credits", "100.000");
    ApiClient.Response pdf = tenant.get((String) invoice.get("pdf_url"));
    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.contentType()).startsWith("application/pdf");
    byte[] bytes = tenant.bytes((String) invoice.get("pdf_url"));
    try (PDDocument document = Loader.loadPDF(bytes)) {
      assertThat(new PDFTextStripper().getText(document))
          .contains(
              "Tenant: " + id,
              "Total USD: 10.00",
              "Credits used: 0.500",
              "Credits bought: 100.000");
    }
    ApiClient.Response otherTenants =
        aTenant("pro").get("/v1/invoices/" + invoices.get(0).get("id") + "/invoice.pdf");
    assertThat(otherTenants.status()).isEqualTo(404);

    // 5. reconciliation: this tenant's books add up in every check
    ApiClient.Response reconciliation =
        admin().post("/v1/jobs", Map.of("type", "billing-reconciliation"));
    assertThat(reconciliation.status()).as(reconciliation.body()).isEqualTo(202);
    String run = (String) reconciliation.json().get("id");
    Map<String, Object> done = awaitStatus(admin(), run, "succeeded");
    Map<String, Object> summary =
        (Map<String, Object>) ((Map<String, Object>) done.get("result")).get("summary");
    assertThat((Map<String, Object>) summary.get("checks"))
        .containsKeys(
            "balance_matches_entries",
            "stale_reservation",
            "reservation_released",
            "settlement_matches_actual");
    assertThat(
            jdbc.sql(
                    "select count(*) from reconciliation_findings where run_id = ?::uuid and tenant_id = ?")
                .params(run, id)
                .query(Long.class)
                .single())
        .isZero();
  }

  private static String hmac(String signed) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(STRIPE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }

  private String upload(ApiClient tenant) throws Exception {
    Path video = dir.resolve("clip-" + UUID.randomUUID() + ".mp4");
    Process p =
        new ProcessBuilder(
                FfmpegRunner.bundledExecutable().toString(),
                "-hide_banner",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=160x90:rate=10",
                "-t",
                "1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                video.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    ApiClient.Response uploaded = AssetsIT.uploadRaw(tenant, "clip.mp4", Files.readAllBytes(video));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    return (String) uploaded.json().get("id");
  }
}
