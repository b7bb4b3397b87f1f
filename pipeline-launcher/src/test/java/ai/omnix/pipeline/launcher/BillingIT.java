package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Money in the life of a job over real HTTP: a tenant's credits are reserved at submit (402 when
 * they do not cover the job, however many requests race), charged when the job succeeds, given back
 * when it fails; balance, ledger and usage show it, and the admin's support grant is audited.
 */
class BillingIT extends PipelineTestSupport {
  /** A probe (estimate 1, USD 0.001) is sold at the file-processing floor: 0.5 credit. */
  private static final String PROBE_PRICE = "0.500";

  @TempDir Path dir;

  @Test
  void thirtyTwoRacingSubmissionsGetExactlyTheJobsTheCreditsCoverAndTheRest402() throws Exception {
    int threads = 32;
    int covered = 5;
    ApiClient tenant = aTenant("pro", "2.5");
    String video = upload(tenant);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ApiClient.Response>> answers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      answers.add(
          pool.submit(
              () -> {
                start.await();
                return tenant.post(
                    "/v1/jobs", Map.of("type", "probe", "input", Map.of("asset_id", video)));
              }));
    }
    start.countDown();
    List<String> accepted = new ArrayList<>();
    int refused = 0;
    for (Future<ApiClient.Response> answer : answers) {
      ApiClient.Response response = answer.get(120, TimeUnit.SECONDS);
      if (response.status() == 202) {
        accepted.add((String) response.json().get("id"));
      } else {
        assertThat(response.status()).as(response.body()).isEqualTo(402);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json())
            .containsEntry("code", "insufficient_credits")
            .containsEntry("needed", PROBE_PRICE);
        refused++;
      }
    }
    pool.shutdown();

    assertThat(accepted).hasSize(covered);
    assertThat(refused).isEqualTo(threads - covered);
    for (String job : accepted) {
      awaitStatus(tenant, job, "succeeded");
    }
    Map<String, Object> balance = tenant.get("/v1/billing/balance").json();
    assertThat(balance).containsEntry("available", "0.000").containsEntry("reserved", "0.000");
    assertThat(
            jdbc.sql(
                    "select count(*) from ledger_entries e join credit_balances b using (tenant_id)"
                        + " where e.tenant_id = (select tenant_id from credit_holds where hold_key = ?)"
                        + " and (b.available_millis < 0 or b.reserved_millis < 0)")
                .param("job:" + accepted.get(0))
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSuccessIsChargedAFailureGivesItBackAndBalanceLedgerAndUsageShowIt() throws Exception {
    ApiClient tenant = aTenant("pro", "10");
    String video = upload(tenant);
    String pdf = (String) AssetsIT.uploadRaw(tenant, "fake.pdf", AssetsIT.aPdf()).json().get("id");

    ApiClient.Response probe =
        tenant.post("/v1/jobs", Map.of("type", "probe", "input", Map.of("asset_id", video)));
    assertThat(probe.status()).as(probe.body()).isEqualTo(202);
    ApiClient.Response transcode =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "transcode",
                "input",
                Map.of("asset_id", pdf),
                "params",
                Map.of("preset", "web-720p")));
    assertThat(transcode.status()).as(transcode.body()).isEqualTo(202);
    String probeId = (String) probe.json().get("id");
    String transcodeId = (String) transcode.json().get("id");
    awaitStatus(tenant, probeId, "succeeded");
    awaitStatus(tenant, transcodeId, "failed");

    Map<String, Object> balance = tenant.get("/v1/billing/balance").json();
    assertThat(balance)
        .containsEntry("available", "9.500")
        .containsEntry("reserved", "0.000")
        .containsEntry("plan", "pro");

    // newest first, one entry a page: release (transcode), reserve (transcode), settle (probe), …
    List<String> kinds = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> page =
          tenant
              .get("/v1/billing/ledger?limit=1" + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      List<Map<String, Object>> data = (List<Map<String, Object>>) page.get("data");
      data.forEach(e -> kinds.add((String) e.get("kind")));
      cursor = (String) page.get("next_cursor");
    } while (cursor != null && kinds.size() < 20);
    assertThat(kinds).containsExactlyInAnyOrder("grant", "reserve", "settle", "reserve", "release");
    assertThat(kinds.get(kinds.size() - 1)).isEqualTo("grant");

    List<Map<String, Object>> ofProbe =
        (List<Map<String, Object>>)
            tenant.get("/v1/billing/ledger?job_id=" + probeId).json().get("data");
    assertThat(ofProbe)
        .extracting(e -> e.get("kind"), e -> e.get("amount"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("settle", PROBE_PRICE),
            org.assertj.core.groups.Tuple.tuple("reserve", PROBE_PRICE));
    assertThat(ofProbe.get(0)).containsEntry("job_id", probeId);

    Map<String, Object> usage = tenant.get("/v1/usage?group_by=job_type").json();
    assertThat((List<Map<String, Object>>) usage.get("data"))
        .extracting(r -> r.get("job_type"), r -> r.get("jobs"), r -> r.get("credits"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("probe", 1, PROBE_PRICE),
            org.assertj.core.groups.Tuple.tuple("transcode", 1, "0.000"));
    assertThat((Map<String, Object>) usage.get("total")).containsEntry("credits", PROBE_PRICE);
    Map<String, Object> byDay = tenant.get("/v1/usage?group_by=day").json();
    assertThat((List<Object>) byDay.get("data")).hasSize(1);
    assertThat(tenant.get("/v1/usage?group_by=colour").status()).isEqualTo(400);

    // another tenant sees none of it
    ApiClient other = aTenant("pro", null);
    assertThat((List<Object>) other.get("/v1/billing/ledger?job_id=" + probeId).json().get("data"))
        .isEmpty();
    assertThat((List<Object>) other.get("/v1/usage").json().get("data")).isEmpty();
  }

  @Test
  void refusalsSayWhyWithTheAmountsAsExactDecimals() {
    ApiClient broke = aTenant("pro", null);
    String pdf = (String) AssetsIT.uploadRaw(broke, "fake.pdf", AssetsIT.aPdf()).json().get("id");
    ApiClient.Response noCredits =
        broke.post(
            "/v1/jobs",
            Map.of(
                "type",
                "transcode",
                "input",
                Map.of("asset_id", pdf),
                "params",
                Map.of("preset", "web-720p")));
    assertThat(noCredits.status()).as(noCredits.body()).isEqualTo(402);
    assertThat(noCredits.json())
        .containsEntry("code", "insufficient_credits")
        .containsEntry("balance", "0.000")
        .containsKey("needed");
    assertThat(broke.get("/v1/jobs").json().get("data")).asList().isEmpty();

    ApiClient free = aTenant("free");
    ApiClient.Response video =
        free.post(
            "/v1/jobs",
            Map.of(
                "type",
                "generate-video",
                "params",
                Map.of("prompt", "a lighthouse", "model", "offline-video")));
    assertThat(video.status()).as(video.body()).isEqualTo(403);
    assertThat(video.json())
        .containsEntry("code", "plan_does_not_include")
        .containsEntry("plan", "free")
        .containsEntry("included_in", "pro");
  }

  @Test
  void creditGrantsAreForAdminsAuditedAndIdempotent() {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient tenant = aTenantWithId(id);
    Map<String, Object> grant = Map.of("amount", "12.345", "reason", "support ticket 42");

    assertThat(tenant.post("/v1/tenants/" + id + "/credit-grants", grant).status()).isEqualTo(403);
    assertThat(admin().post("/v1/tenants/t-nobody-here/credit-grants", grant).status())
        .isEqualTo(404);
    assertThat(
            admin()
                .post(
                    "/v1/tenants/" + id + "/credit-grants",
                    Map.of("amount", 1.5, "reason", "floats are refused"))
                .status())
        .isEqualTo(422);

    ApiClient.Response first =
        admin().post("/v1/tenants/" + id + "/credit-grants", grant, "Idempotency-Key", "ticket-42");
    ApiClient.Response replay =
        admin().post("/v1/tenants/" + id + "/credit-grants", grant, "Idempotency-Key", "ticket-42");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(tenant.get("/v1/billing/balance").json()).containsEntry("available", "12.345");

    List<?> audited =
        (List<?>)
            admin()
                .get("/v1/admin/audit?tenant=" + id + "&type=CREDITS_GRANTED")
                .json()
                .get("data");
    assertThat(audited).isNotEmpty();
  }

  private ApiClient aTenantWithId(String id) {
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", "pro"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new ApiClient(port, (String) created.json().get("api_key"));
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
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    ApiClient.Response uploaded = AssetsIT.uploadRaw(tenant, "clip.mp4", Files.readAllBytes(video));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    return (String) uploaded.json().get("id");
  }
}
