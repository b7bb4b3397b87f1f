package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Data lifecycle, stage 1, through the API: the audit trail of tenant and key management, asset
 * deletions and admin actions; the chain's verification; upload retention on all three upload
 * paths; retention overrides; legal holds.
 */
class LifecycleIT extends PipelineTestSupport {

  @Autowired AssetRepository assetRepository;

  private static ApiClient.Response put(ApiClient client, String path, Object body) {
    return client.send(
        client
            .request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(ApiClient.json(body)))
            .build());
  }

  private static ApiClient.Response delete(ApiClient client, String path) {
    return client.send(client.request(path).DELETE().build());
  }

  private static String tenantId(ApiClient tenant) {
    return (String) tenant.get("/v1/me").json().get("id");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> data(ApiClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return (List<Map<String, Object>>) response.json().get("data");
  }

  private String keyId(String key) {
    return jdbc.sql("select id::text from api_keys where key_hash = ?")
        .param(ApiKeys.hash(key))
        .query(String.class)
        .single();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private List<Map<String, Object>> audit(String query) {
    return data(admin().get("/v1/admin/audit?" + query));
  }

  @Test
  void tenantManagementAndKeysAreAuditedWithTheKeyThatActed() {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", "pro"));
    assertThat(created.status()).isEqualTo(201);
    ApiClient tenant = admin().as((String) created.json().get("api_key"));
    String adminKey = keyId(ADMIN_KEY);

    List<Map<String, Object>> events = audit("tenant=" + id);
    assertThat(events)
        .extracting(e -> e.get("type"))
        .containsExactly("API_KEY_ISSUED", "TENANT_CREATED");
    Map<String, Object> tenantCreated = events.get(1);
    assertThat(map(tenantCreated.get("actor")))
        .containsEntry("type", "api_key")
        .containsEntry("id", adminKey);
    assertThat(map(tenantCreated.get("resource")))
        .containsEntry("type", "tenant")
        .containsEntry("id", id);
    assertThat(tenantCreated)
        .containsEntry("action", "create")
        .containsEntry("ip", "127.0.0.1")
        .containsEntry("success", true);
    assertThat((String) tenantCreated.get("user_agent")).isNotBlank();
    assertThat(map(tenantCreated.get("metadata"))).containsEntry("plan", "pro");
    assertThat(map(events.get(0).get("resource"))).containsEntry("id", keyId(tenant.key()));
    assertThat(map(events.get(0).get("metadata"))).containsEntry("reason", "tenant_created");

    ApiClient.Response issued = tenant.post("/v1/me/keys", Map.of());
    assertThat(issued.status()).isEqualTo(201);
    String newKeyId = (String) issued.json().get("id");
    assertThat(delete(tenant, "/v1/me/keys/" + newKeyId).status()).isEqualTo(204);

    List<Map<String, Object>> mine = data(tenant.get("/v1/me/audit"));
    assertThat(mine)
        .extracting(e -> e.get("type"))
        .containsExactly("API_KEY_REVOKED", "API_KEY_ISSUED", "API_KEY_ISSUED", "TENANT_CREATED");
    assertThat(mine).allSatisfy(e -> assertThat(e).containsEntry("tenant_id", id));
    assertThat(map(mine.get(0).get("resource"))).containsEntry("id", newKeyId);
    assertThat(map(mine.get(0).get("actor"))).containsEntry("id", keyId(tenant.key()));
    assertThat(map(mine.get(1).get("resource"))).containsEntry("id", newKeyId);
    assertThat(map(mine.get(1).get("metadata"))).containsEntry("reason", "api");

    assertThat(data(tenant.get("/v1/me/audit?type=API_KEY_REVOKED"))).hasSize(1);
    assertThat(data(tenant.get("/v1/me/audit?success=false"))).isEmpty();
    assertThat(audit("tenant=" + id + "&actor=" + adminKey)).hasSize(2);
    ApiClient.Response firstPage = tenant.get("/v1/me/audit?limit=3");
    assertThat(data(firstPage)).hasSize(3);
    assertThat(firstPage.json()).containsEntry("has_more", true);
    List<Map<String, Object>> rest =
        data(tenant.get("/v1/me/audit?limit=3&cursor=" + firstPage.json().get("next_cursor")));
    assertThat(rest).extracting(e -> e.get("type")).containsExactly("TENANT_CREATED");
    Instant createdAt = Instant.parse((String) tenantCreated.get("occurred_at"));
    assertThat(
            data(
                tenant.get(
                    "/v1/me/audit?since=" + createdAt + "&until=" + createdAt.plusNanos(1_000))))
        .extracting(e -> e.get("type"))
        .contains("TENANT_CREATED")
        .doesNotContain("API_KEY_REVOKED");

    assertThat(tenant.get("/v1/admin/audit").json()).containsEntry("code", "admin_required");
    assertThat(tenant.get("/v1/admin/audit/verify").status()).isEqualTo(403);
    assertThat(tenant.get("/v1/me/audit?cursor=bm9wZQ").json())
        .containsEntry("code", "invalid_cursor");
    assertThat(tenant.get("/v1/me/audit?type=drop%20table").json())
        .containsEntry("code", "invalid_query");
    assertThat(tenant.get("/v1/me/audit?since=yesterday").json())
        .containsEntry("code", "invalid_query");
  }

  @Test
  void theChainVerifiesAndARowAlteredBehindTheTriggersBackIsFound() {
    ApiClient tenant = aTenant("pro");
    String id = tenantId(tenant);
    Map<String, Object> verified = admin().get("/v1/admin/audit/verify").json();
    assertThat(verified).containsEntry("valid", true).containsEntry("broken", null);
    assertThat(((Number) verified.get("checked")).longValue()).isPositive();

    long seq =
        ((Number) audit("tenant=" + id + "&type=TENANT_CREATED").get(0).get("seq")).longValue();
    String original =
        jdbc.sql("select metadata from audit_events where seq = ?")
            .param(seq)
            .query(String.class)
            .single();
    try {
      jdbc.sql("alter table audit_events disable trigger user").update();
      jdbc.sql("update audit_events set metadata = '{\"plan\":\"enterprise\"}' where seq = ?")
          .param(seq)
          .update();
      jdbc.sql("alter table audit_events enable trigger user").update();

      Map<String, Object> broken = admin().get("/v1/admin/audit/verify").json();
      assertThat(broken).containsEntry("valid", false);
      assertThat(map(broken.get("broken")))
          .containsEntry("seq", (int) seq)
          .containsEntry("problem", "hash_mismatch");
    } finally {
      jdbc.sql("alter table audit_events disable trigger user").update();
      jdbc.sql("update audit_events set metadata = ? where seq = ?").params(original, seq).update();
      jdbc.sql("alter table audit_events enable trigger user").update();
    }
    assertThat(admin().get("/v1/admin/audit/verify").json()).containsEntry("valid", true);
    assertThat(
            jdbc.sql(
                    "select count(*) from pg_trigger where tgrelid = 'audit_events'::regclass and tgenabled = 'O'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  private static Instant instant(Map<String, Object> asset, String field) {
    return Instant.parse((String) asset.get(field));
  }

  private static HttpRequest.Builder tus(ApiClient client, String path) {
    return client.request(path).header("Tus-Resumable", "1.0.0");
  }

  private Map<String, Object> tusUpload(ApiClient tenant, byte[] content, String metadata) {
    ApiClient.Response created =
        tenant.send(
            tus(tenant, "/v1/uploads")
                .header("Upload-Length", Integer.toString(content.length))
                .header("Upload-Metadata", metadata)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String path = java.net.URI.create(created.header("Location")).getPath();
    ApiClient.Response patched =
        tenant.send(
            tus(tenant, path)
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    assertThat(patched.status()).isEqualTo(204);
    return tenant.post(path + "/complete", Map.of()).json();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void uploadsAreTemporaryByDefaultAndMayAskForPolicyOrADeadlineOnEveryUploadPath()
      throws Exception {
    ApiClient tenant = aTenant("pro");
    byte[] png = AssetsIT.aPng(32, 32);

    Map<String, Object> byDefault = AssetsIT.uploadMultipart(tenant, "a.png", png).json();
    assertThat(byDefault)
        .containsEntry("retention", "temporary")
        .containsEntry("legal_hold", false);
    assertThat(Duration.between(instant(byDefault, "created_at"), instant(byDefault, "expires_at")))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));

    Map<String, Object> kept =
        AssetsIT.uploadMultipart(tenant, "b.png", png, "retention", "policy").json();
    assertThat(kept).containsEntry("retention", "policy");
    assertThat(instant(kept, "expires_at"))
        .isEqualTo(instant(kept, "created_at").plus(Duration.ofDays(365)));

    Instant deadline =
        Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Map<String, Object> until =
        tenant
            .send(
                tenant
                    .request("/v1/assets?filename=c.png&expires_at=" + deadline)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                    .build())
            .json();
    assertThat(until)
        .containsEntry("retention", "until")
        .containsEntry("expires_at", deadline.toString());

    Map<String, Object> resumable =
        tusUpload(tenant, png, "filename " + b64("d.png") + ",retention " + b64("policy"));
    assertThat(resumable).containsEntry("retention", "policy");
    Map<String, Object> resumableTemporary = tusUpload(tenant, png, "filename " + b64("e.png"));
    assertThat(resumableTemporary).containsEntry("retention", "temporary");

    ApiClient.Response unknown = AssetsIT.uploadRaw(tenant, "f.png", png);
    assertThat(unknown.json()).containsEntry("retention", "temporary");
    ApiClient.Response malformed =
        tenant.send(
            tenant
                .request("/v1/assets?filename=g.png&retention=forever")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                .build());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json()).containsEntry("code", "invalid_retention");
    ApiClient.Response tooFar =
        AssetsIT.uploadMultipart(
            tenant,
            "h.png",
            png,
            "expires_at",
            Instant.now().plus(Duration.ofDays(400)).toString());
    assertThat(tooFar.status()).isEqualTo(422);
    assertThat(tooFar.json()).containsEntry("code", "invalid_retention");
    assertThat((String) tooFar.json().get("detail")).contains("365 days");
    assertThat(data(tenant.get("/v1/assets?limit=100"))).hasSize(6);

    assertThat(
            put(
                    admin(),
                    "/v1/tenants/" + tenantId(tenant) + "/retention",
                    Map.of("upload_default", "policy"))
                .status())
        .isEqualTo(200);
    assertThat(AssetsIT.uploadMultipart(tenant, "i.png", png).json())
        .containsEntry("retention", "policy");
  }

  @Test
  void aRetentionOverrideIsAuditedAndMovesTheDeadlinesOfDataKeptByPolicy() throws Exception {
    ApiClient tenant = aTenant("pro");
    String id = tenantId(tenant);
    Map<String, Object> asset =
        AssetsIT.uploadMultipart(tenant, "a.png", AssetsIT.aPng(8, 8), "retention", "policy")
            .json();
    Instant created = instant(asset, "created_at");

    ApiClient.Response changed =
        put(admin(), "/v1/tenants/" + id + "/retention", Map.of("asset_days", 7));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json())
        .containsEntry("asset_days", 7)
        .containsEntry("job_days", 365)
        .containsEntry("upload_default", "temporary");
    assertThat(map(changed.json().get("override")))
        .containsEntry("asset_days", 7)
        .containsEntry("job_days", null);
    assertThat(instant(tenant.get("/v1/assets/" + asset.get("id")).json(), "expires_at"))
        .isEqualTo(created.plus(Duration.ofDays(7)));
    assertThat(tenant.get("/v1/me/retention").json()).containsEntry("asset_days", 7);

    Map<String, Object> event = audit("tenant=" + id + "&type=RETENTION_POLICY_CHANGED").get(0);
    assertThat(event).containsEntry("action", "override");
    assertThat(map(map(event.get("metadata")).get("before"))).containsEntry("asset_days", 365);
    assertThat(map(map(event.get("metadata")).get("after"))).containsEntry("asset_days", 7);

    ApiClient.Response cleared = delete(admin(), "/v1/tenants/" + id + "/retention");
    assertThat(cleared.json()).containsEntry("asset_days", 365).containsEntry("override", null);
    assertThat(instant(tenant.get("/v1/assets/" + asset.get("id")).json(), "expires_at"))
        .isEqualTo(created.plus(Duration.ofDays(365)));
    assertThat(audit("tenant=" + id + "&type=RETENTION_POLICY_CHANGED")).hasSize(2);

    assertThat(put(admin(), "/v1/tenants/" + id + "/retention", Map.of("asset_days", 0)).json())
        .containsEntry("code", "invalid_retention");
    assertThat(put(admin(), "/v1/tenants/" + id + "/retention", Map.of("forever", true)).json())
        .containsEntry("code", "invalid_retention");
    assertThat(put(admin(), "/v1/tenants/" + id + "/retention", Map.of()).json())
        .containsEntry("code", "invalid_retention");
    assertThat(put(tenant, "/v1/tenants/" + id + "/retention", Map.of("asset_days", 3000)).status())
        .isEqualTo(403);
    assertThat(admin().get("/v1/tenants/no-such-tenant/retention").status()).isEqualTo(404);
    assertThat(data(admin().get("/v1/admin/retention/plans")))
        .extracting(p -> p.get("plan") + "=" + p.get("asset_days"))
        .containsExactly("free=30", "student=90", "pro=365", "team=365", "enterprise=365");
  }

  private String derivativeOf(ApiClient tenant, String sourceId) {
    TenantId t = new TenantId(tenantId(tenant));
    String id = AssetRepository.newId();
    AssetRecord source = assetRepository.find(t, sourceId).orElseThrow();
    return assetRepository
        .insert(
            new AssetRepository.NewAsset(
                id,
                t,
                AssetRepository.blobKey(t, id),
                source.backend(),
                "thumb.png",
                "image/png",
                1,
                "x",
                sourceId,
                null,
                null,
                Map.of(),
                AssetRetention.policy()))
        .id();
  }

  private ApiClient.Response hold(String tenant, String asset, String reason) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("tenant_id", tenant, "reason", reason));
    if (asset != null) {
      body.put("asset_id", asset);
    }
    return admin().post("/v1/admin/legal-holds", body);
  }

  @Test
  void aHeldAssetOrAnyAssetOfAHeldTenantCannotBeDeletedUntilReleased() throws Exception {
    ApiClient tenant = aTenant("pro");
    String id = tenantId(tenant);
    byte[] png = AssetsIT.aPng(8, 8);
    String source = (String) AssetsIT.uploadMultipart(tenant, "s.png", png).json().get("id");
    String derived = derivativeOf(tenant, source);
    String other = (String) AssetsIT.uploadMultipart(tenant, "o.png", png).json().get("id");

    ApiClient.Response placed = hold(id, derived, "Case 2026-17: preserve the thumbnail");
    assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    String assetHold = (String) placed.json().get("id");
    assertThat(placed.json())
        .containsEntry("active", true)
        .containsEntry("asset_id", derived)
        .containsEntry("placed_by", "api_key:" + keyId(ADMIN_KEY));
    assertThat(tenant.get("/v1/assets/" + derived).json()).containsEntry("legal_hold", true);
    assertThat(tenant.get("/v1/assets/" + source).json()).containsEntry("legal_hold", false);

    ApiClient.Response refused = delete(tenant, "/v1/assets/" + source);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json()).containsEntry("code", "under_legal_hold");
    assertThat((String) refused.json().get("detail")).contains(derived);
    assertThat(delete(tenant, "/v1/assets/" + derived).json())
        .containsEntry("code", "under_legal_hold");
    assertThat(tenant.get("/v1/assets/" + source).status()).isEqualTo(200);
    assertThat(tenant.get("/v1/assets/" + derived).status()).isEqualTo(200);
    assertThat(delete(tenant, "/v1/assets/" + other).status()).isEqualTo(204);

    String tenantHold = (String) hold(id, null, "Regulator's request").json().get("id");
    assertThat(tenant.get("/v1/me").json()).containsEntry("legal_hold", true);
    assertThat(data(admin().get("/v1/tenants")))
        .filteredOn(t -> id.equals(t.get("id")))
        .singleElement()
        .satisfies(t -> assertThat(t).containsEntry("legal_hold", true));
    Map<String, Object> during = AssetsIT.uploadMultipart(tenant, "d.png", png).json();
    assertThat(during).containsEntry("legal_hold", true);
    assertThat(delete(tenant, "/v1/assets/" + during.get("id")).json())
        .containsEntry("code", "under_legal_hold");
    assertThat(data(admin().get("/v1/admin/legal-holds?active=true&tenant=" + id))).hasSize(2);

    assertThat(
            admin()
                .post(
                    "/v1/admin/legal-holds/" + tenantHold + "/release",
                    Map.of("reason", "withdrawn"))
                .json())
        .containsEntry("active", false)
        .containsEntry("release_reason", "withdrawn");
    assertThat(admin().post("/v1/admin/legal-holds/" + assetHold + "/release", Map.of()).status())
        .isEqualTo(200);
    assertThat(tenant.get("/v1/me").json()).containsEntry("legal_hold", false);
    assertThat(delete(tenant, "/v1/assets/" + source).status()).isEqualTo(204);
    assertThat(tenant.get("/v1/assets/" + derived).status()).isEqualTo(404);
    assertThat(data(admin().get("/v1/admin/legal-holds?active=true&tenant=" + id))).isEmpty();
    assertThat(data(admin().get("/v1/admin/legal-holds?tenant=" + id))).hasSize(2);

    List<Map<String, Object>> events = data(tenant.get("/v1/me/audit?type=ASSET_DELETED"));
    assertThat(events)
        .extracting(e -> e.get("success"))
        .containsExactly(true, false, true, false, false);
    Map<String, Object> lineage = events.get(0);
    assertThat(map(lineage.get("resource"))).containsEntry("id", source);
    assertThat(map(lineage.get("metadata")))
        .containsEntry("derivatives", List.of(derived))
        .containsEntry("derivative_count", 1);
    assertThat(map(events.get(1).get("metadata"))).containsEntry("legal_hold_id", tenantHold);
    assertThat(audit("tenant=" + id + "&type=LEGAL_HOLD_PLACED")).hasSize(2);
    assertThat(audit("tenant=" + id + "&type=LEGAL_HOLD_RELEASED")).hasSize(2);

    assertThat(
            tenant.post("/v1/admin/legal-holds", Map.of("tenant_id", id, "reason", "x")).status())
        .isEqualTo(403);
    assertThat(hold(id, "ast_nope", "x").status()).isEqualTo(404);
    assertThat(admin().post("/v1/admin/legal-holds", Map.of("tenant_id", id)).json())
        .containsEntry("code", "invalid_legal_hold");
    assertThat(admin().get("/v1/admin/legal-holds/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void aFloodOfBadKeysAddsAtMostOneAuditEventPerWindow() {
    long before =
        jdbc.sql("select coalesce(max(seq), 0) from audit_events").query(Long.class).single();
    ApiClient stranger = admin().as("omx_" + "x".repeat(40));
    for (int i = 0; i < 30; i++) {
      assertThat(stranger.get("/v1/jobs").status()).isIn(401, 429);
    }
    long events =
        jdbc.sql(
                "select count(*) from audit_events where seq > ? and event_type = 'AUTHENTICATION_FAILED'")
            .param(before)
            .query(Long.class)
            .single();
    assertThat(events).isLessThanOrEqualTo(1);
    if (events == 1) {
      Map<String, Object> event = audit("type=AUTHENTICATION_FAILED&limit=1").get(0);
      assertThat(event).containsEntry("ip", "127.0.0.1").containsEntry("success", false);
      assertThat(map(event.get("actor")))
          .containsEntry("type", "anonymous")
          .containsEntry("id", null);
    }
  }

  @Test
  void aJobMaySayHowLongItsOutputsAndRecordAreKept() {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response accepted =
        tenant.post(
            "/v1/jobs",
            Map.of("type", "noop", "params", Map.of("sleep_ms", 1, "retention", "temporary")));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    Map<String, Object> row =
        jdbc.sql(
                "select retention, extract(epoch from expires_at - created_at)::bigint as kept "
                    + "from jobs where id = ?::uuid")
            .param(accepted.json().get("id"))
            .query()
            .singleRow();
    assertThat(row.get("retention")).isEqualTo("temporary");
    assertThat(((Number) row.get("kept")).longValue()).isEqualTo(24 * 3600);

    ApiClient.Response refused =
        tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("retention", "forever")));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json()).containsEntry("code", "invalid_params");
    assertThat((String) refused.json().get("detail")).contains("params.retention");
  }
}
