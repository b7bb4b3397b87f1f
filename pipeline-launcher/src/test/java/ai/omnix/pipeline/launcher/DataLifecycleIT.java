package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data lifecycle, stage 2, through the API and a worker: the admin-only retention run, a tenant's
 * confirmed erasure of itself (keys refused at once, nothing left after the job, both audited), and
 * the refusal under a legal hold.
 */
class DataLifecycleIT extends PipelineTestSupport {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static String tenantId(ApiClient tenant) {
    return (String) tenant.get("/v1/me").json().get("id");
  }

  @Test
  void retentionEnforcementIsTheAdminsAndADryRunReportsWithoutDeleting() {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response refused = tenant.post("/v1/jobs", Map.of("type", "retention-enforcement"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json()).containsEntry("code", "admin_required");

    ApiClient.Response submitted =
        admin()
            .post(
                "/v1/jobs",
                Map.of("type", "retention-enforcement", "params", Map.of("dry_run", true)));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    Map<String, Object> done =
        awaitStatus(admin(), (String) submitted.json().get("id"), "succeeded");
    Map<String, Object> summary = map(map(done.get("result")).get("summary"));
    assertThat(summary).containsEntry("dry_run", true).containsKey("assets");
    assertThat((List<?>) map(done.get("result")).get("output_asset_ids")).hasSize(1);
  }

  @Test
  void aTenantErasesItselfAfterConfirmingAndNothingOfItRemains() {
    ApiClient tenant = aTenant("pro");
    String id = tenantId(tenant);
    ApiClient.Response upload =
        AssetsIT.uploadRaw(tenant, "diary.txt", "dear diary".getBytes(StandardCharsets.UTF_8));
    assertThat(upload.status()).as(upload.body()).isEqualTo(201);

    ApiClient.Response asked = tenant.post("/v1/me/erasure", Map.of());
    assertThat(asked.status()).as(asked.body()).isEqualTo(200);
    String token = (String) asked.json().get("confirmation_token");
    ApiClient.Response wrong =
        tenant.post("/v1/me/erasure", Map.of("confirmation", "erase_not-the-token"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json()).containsEntry("code", "invalid_confirmation");

    ApiClient.Response started = tenant.post("/v1/me/erasure", Map.of("confirmation", token));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    assertThat(tenant.get("/v1/me").status()).as("its key, at once").isEqualTo(401);

    String jobId = (String) started.json().get("job_id");
    Map<String, Object> done = awaitStatus(admin(), jobId, "succeeded");
    Map<String, Object> verification =
        map(map(map(done.get("result")).get("summary")).get("verification"));
    assertThat(verification.get("remaining_objects")).isEqualTo(Map.of("local", 0));
    assertThat(
            jdbc.sql("select count(*) from assets where tenant_id = ?")
                .param(id)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            ((List<?>) admin().get("/v1/admin/audit?tenant=" + id).json().get("data"))
                .stream().map(e -> map(e).get("type")).toList())
        .contains("DATA_ERASURE_REQUESTED", "DATA_ERASED");
  }

  @Test
  void aTenantUnderLegalHoldIsNotErased() {
    ApiClient tenant = aTenant("pro");
    String id = tenantId(tenant);
    ApiClient.Response hold =
        admin().post("/v1/admin/legal-holds", Map.of("tenant_id", id, "reason", "litigation"));
    assertThat(hold.status()).as(hold.body()).isEqualTo(201);

    ApiClient.Response refused = admin().post("/v1/tenants/" + id + "/erasure", Map.of());
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json()).containsEntry("code", "under_legal_hold");
    assertThat(tenant.post("/v1/me/erasure", Map.of()).status()).isEqualTo(409);
    assertThat(tenant.get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aTenantExportsItsDataAsATemporaryZipItCanDownload() throws Exception {
    ApiClient tenant = aTenant("pro");
    byte[] content = "exported bytes".getBytes(StandardCharsets.UTF_8);
    assertThat(AssetsIT.uploadRaw(tenant, "notes.txt", content).status()).isEqualTo(201);

    ApiClient.Response started = tenant.post("/v1/me/exports", Map.of());
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    Map<String, Object> done =
        awaitStatus(tenant, (String) started.json().get("job_id"), "succeeded");
    String exportId = (String) map(map(done.get("result")).get("summary")).get("export_asset_id");
    Map<String, Object> asset = tenant.get("/v1/assets/" + exportId).json();
    assertThat(asset).containsEntry("retention", "temporary");
    byte[] zip = tenant.download(exportId);
    boolean found = false;
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().endsWith("/notes.txt")) {
          assertThat(in.readAllBytes()).isEqualTo(content);
          found = true;
        }
      }
    }
    assertThat(found).isTrue();
  }
}
