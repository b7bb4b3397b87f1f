package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An asset with many derivatives (issue 10 item 7): its derivatives are paged, and deleting it runs
 * as a job that removes every blob of the lineage, verified by listing the backend.
 */
class AssetLineageIT extends PipelineTestSupport {
  private static final int DERIVATIVES = 1_000;

  @Autowired BlobStore blobStore;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  private static ApiClient.Response delete(ApiClient client, String path) {
    return client.send(client.request(path).DELETE().build());
  }

  private static String upload(ApiClient tenant, String text) {
    ApiClient.Response created =
        tenant.send(
            tenant
                .request("/v1/assets?filename=source.txt")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                .build());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  /** An uploaded asset and a job that derives {@code count} tiny outputs from it. */
  private String anAssetWithDerivatives(ApiClient tenant, int count) {
    String source = upload(tenant, "the source of many outputs\n");
    ApiClient.Response job =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "noop",
                "input",
                Map.of("asset_id", source),
                "params",
                Map.of("outputs", count)));
    assertThat(job.status()).as(job.body()).isEqualTo(202);
    await(
        Duration.ofSeconds(120),
        () -> tenant.get("/v1/jobs/" + job.json().get("id")).json(),
        j -> "succeeded".equals(j.get("status")),
        "the job deriving " + count + " outputs");
    return source;
  }

  @Test
  void derivativesArePagedWithEachDerivativeOnceAndABadCursorIsAProblem() {
    ApiClient tenant = aTenant("pro");
    String source = anAssetWithDerivatives(tenant, 250);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ApiClient.Response page =
          tenant.get(
              "/v1/assets/"
                  + source
                  + "/derivatives?limit=100"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(list(page.json().get("data"))).hasSizeLessThanOrEqualTo(100);
      list(page.json().get("data")).forEach(d -> seen.add((String) map(d).get("id")));
      cursor = (String) page.json().get("next_cursor");
      assertThat(page.json().get("has_more")).isEqualTo(cursor != null);
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(250).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen))
        .isEqualTo(
            new HashSet<>(
                jdbc.sql("select id from assets where source_asset_id = ? and status = 'ready'")
                    .param(source)
                    .query(String.class)
                    .list()));
    // the default page is bounded too
    assertThat(list(tenant.get("/v1/assets/" + source + "/derivatives").json().get("data")))
        .hasSize(100);

    for (String bad : List.of("garbage", "ZHwxfG5vdC1hLXRpbWV8YXN0X3g", "x".repeat(300))) {
      ApiClient.Response refused =
          tenant.get("/v1/assets/" + source + "/derivatives?cursor=" + bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json()).containsEntry("code", "invalid_cursor");
    }
    ApiClient.Response tooMany = tenant.get("/v1/assets/" + source + "/derivatives?limit=1001");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json()).containsEntry("code", "invalid_query");
    assertThat(aTenant("pro").get("/v1/assets/" + source + "/derivatives").status()).isEqualTo(404);
  }

  @Test
  void deletingAnAssetWithAThousandDerivativesRunsAsAJobThatLeavesNoBlobBehind() throws Exception {
    ApiClient tenant = aTenant("pro");
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    String source = anAssetWithDerivatives(tenant, DERIVATIVES);
    BlobKey prefix = BlobKey.of("tenants", tenantId);
    assertThat(blobStore.list(prefix, 5_000)).hasSize(DERIVATIVES + 1);

    // another tenant can neither delete it nor see it
    ApiClient stranger = aTenant("pro");
    assertThat(delete(stranger, "/v1/assets/" + source).status()).isEqualTo(404);
    assertThat(tenant.get("/v1/assets/" + source).status()).isEqualTo(200);

    ApiClient.Response accepted = delete(tenant, "/v1/assets/" + source);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String jobId = (String) accepted.json().get("job_id");
    assertThat(accepted.json())
        .containsEntry("object", "asset_deletion")
        .containsEntry("asset_id", source);
    assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + jobId);
    // the asset itself is gone for the tenant at once
    assertThat(tenant.get("/v1/assets/" + source).status()).isEqualTo(404);
    assertThat(stranger.get("/v1/jobs/" + jobId).status()).isEqualTo(404);
    ApiClient.Response cancel = tenant.post("/v1/jobs/" + jobId + "/cancel", "");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
    assertThat(cancel.json()).containsEntry("code", "not_cancelable");

    Map<String, Object> done =
        await(
            Duration.ofSeconds(120),
            () -> tenant.get("/v1/jobs/" + jobId).json(),
            j -> List.of("succeeded", "failed").contains(j.get("status")),
            "the asset-deletion job to end");
    assertThat(done).as(done.toString()).containsEntry("status", "succeeded");
    assertThat(done).containsEntry("type", "asset-deletion");
    Map<String, Object> summary = map(map(done.get("result")).get("summary"));
    assertThat(((Number) summary.get("deleted")).intValue()).isEqualTo(DERIVATIVES + 1);
    assertThat(((Number) summary.get("held")).intValue()).isZero();
    assertThat(map(done.get("credits"))).containsEntry("actual", 0);

    assertThat(blobStore.list(prefix, 5_000)).isEmpty();
    assertThat(
            jdbc.sql(
                    "select count(*) from assets where tenant_id = ? and status = 'ready' "
                        + "and (id = ? or source_asset_id = ?)")
                .params(tenantId, source, source)
                .query(Integer.class)
                .single())
        .isZero();

    // a tenant cannot start one through the jobs API
    ApiClient.Response direct =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "asset-deletion",
                "params",
                Map.of("asset_id", "ast_" + UUID.randomUUID())));
    assertThat(direct.status()).as(direct.body()).isEqualTo(403);
  }
}
