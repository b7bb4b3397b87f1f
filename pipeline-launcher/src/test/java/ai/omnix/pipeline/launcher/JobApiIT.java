package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Job API v1 over real HTTP, with real workers behind it. */
class JobApiIT extends PipelineTestSupport {

  private static String id(ApiClient.Response r) {
    return (String) r.json().get("id");
  }

  @Test
  void submitAnswers202WithTheJobAndALocationAndTheJobRunsToSuccess() {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response submitted =
        tenant.post(
            "/v1/jobs",
            Map.of(
                "type",
                "noop",
                "params",
                Map.of("sleep_ms", 200, "echo", "hello"),
                "metadata",
                Map.of("order", "A-17"),
                "priority",
                3));

    assertThat(submitted.status()).isEqualTo(202);
    Map<String, Object> job = submitted.json();
    assertThat(job)
        .containsEntry("status", "queued")
        .containsEntry("type", "noop")
        .containsEntry("priority", 3)
        .containsEntry("metadata", Map.of("order", "A-17"));
    assertThat(submitted.header("Location")).isEqualTo("/v1/jobs/" + job.get("id"));

    Map<String, Object> done = awaitStatus(tenant, (String) job.get("id"), "succeeded");
    assertThat(done).containsEntry("progress", 100).containsEntry("attempts", 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) done.get("result");
    assertThat(result).containsEntry("output_asset_ids", List.of());
    assertThat(result.get("summary")).asString().contains("echo=hello");
    assertThat(done.get("started_at")).isNotNull();
    assertThat(done.get("finished_at")).isNotNull();
  }

  @Test
  void aFailedJobCarriesAStableCodeAMessageAndWhetherItIsRetryable() {
    ApiClient tenant = aTenant("pro");
    String id =
        id(tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("fail", "permanent"))));
    Map<String, Object> failed = awaitStatus(tenant, id, "failed");
    assertThat(failed.get("error"))
        .isEqualTo(
            Map.of(
                "code",
                "noop_failed",
                "message",
                "Failed on request (fail=permanent).",
                "retryable",
                false));
  }

  @Test
  void aTransientFailureIsRetriedAndTheAttemptsAreVisible() {
    ApiClient tenant = aTenant("pro");
    String id =
        id(
            tenant.post(
                "/v1/jobs",
                Map.of("type", "noop", "params", Map.of("fail", "transient", "fail_attempts", 1))));
    Map<String, Object> done = awaitStatus(tenant, id, "succeeded");
    assertThat(done).containsEntry("attempts", 2);
  }

  @Test
  void theSameIdempotencyKeyAndBodyReturnTheSameJobAndADifferentBodyConflicts() {
    ApiClient tenant = aTenant("pro");
    Map<String, Object> body = Map.of("type", "noop", "params", Map.of("sleep_ms", 10));
    ApiClient.Response first = tenant.post("/v1/jobs", body, "Idempotency-Key", "order-42");
    ApiClient.Response again =
        tenant.post(
            "/v1/jobs",
            ApiClient.json(Map.of("params", Map.of("sleep_ms", 10), "type", "noop")),
            "Idempotency-Key",
            "order-42");
    ApiClient.Response different =
        tenant.post(
            "/v1/jobs",
            Map.of("type", "noop", "params", Map.of("sleep_ms", 11)),
            "Idempotency-Key",
            "order-42");

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(id(again)).isEqualTo(id(first));
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.json()).containsEntry("code", "idempotency_key_reused");
    assertThat((List<?>) tenant.get("/v1/jobs").json().get("data")).hasSize(1);
  }

  @Test
  void anotherTenantsJobIsNotFoundNotForbidden() {
    ApiClient owner = aTenant("pro");
    ApiClient stranger = aTenant("pro");
    String id = id(owner.post("/v1/jobs", Map.of("type", "noop")));

    for (ApiClient.Response r :
        List.of(
            stranger.get("/v1/jobs/" + id),
            stranger.post("/v1/jobs/" + id + "/cancel", "{}"),
            stranger.get("/v1/jobs/" + id + "/events"),
            stranger.get("/v1/jobs/" + id + "/webhooks"),
            stranger.post("/v1/jobs/" + id + "/webhooks/redeliver", "{}"))) {
      assertThat(r.status()).as(r.body()).isEqualTo(404);
      assertThat(r.json()).containsEntry("code", "not_found");
    }
    assertThat((List<?>) stranger.get("/v1/jobs").json().get("data")).isEmpty();
    assertThat(owner.get("/v1/jobs/" + id).status()).isEqualTo(200);
  }

  @Test
  void listsFilterByStatusAndTypeAndPageWithACursor() {
    ApiClient tenant = aTenant("enterprise");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(id(tenant.post("/v1/jobs", Map.of("type", "noop"))));
    }
    String heavy = id(tenant.post("/v1/jobs", Map.of("type", "noop-heavy")));
    for (String id : ids) {
      awaitStatus(tenant, id, "succeeded");
    }
    awaitStatus(tenant, heavy, "succeeded");

    List<String> paged = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      Map<String, Object> body =
          tenant
              .get(
                  "/v1/jobs?type=noop&status=succeeded&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> data = (List<Map<String, Object>>) body.get("data");
      data.forEach(j -> paged.add((String) j.get("id")));
      cursor = (String) body.get("next_cursor");
      if (!(Boolean) body.get("has_more")) {
        break;
      }
    }
    assertThat(paged).hasSize(5).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    assertThat((List<?>) tenant.get("/v1/jobs?status=queued").json().get("data")).isEmpty();
    assertThat(
            (List<?>) tenant.get("/v1/jobs?created_after=2999-01-01T00:00:00Z").json().get("data"))
        .isEmpty();
    assertThat(
            (List<?>)
                tenant
                    .get("/v1/jobs?created_before=2999-01-01T00:00:00Z&limit=100")
                    .json()
                    .get("data"))
        .hasSize(6);
  }

  @Test
  void cancelStopsARunningJobAndEndsAQueuedOneAtOnce() {
    ApiClient tenant = aTenant("pro");
    String running =
        id(tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 120_000))));
    awaitStatus(tenant, running, "running");
    ApiClient.Response cancel = tenant.post("/v1/jobs/" + running + "/cancel", "");
    assertThat(cancel.status()).isEqualTo(202);
    assertThat(cancel.json()).containsEntry("cancel_requested", true);
    Map<String, Object> canceled = awaitStatus(tenant, running, "canceled");
    assertThat((Integer) canceled.get("progress")).isLessThan(100);
    assertThat(canceled.get("finished_at")).isNotNull();

    ApiClient.Response again = tenant.post("/v1/jobs/" + running + "/cancel", "");
    assertThat(again.status()).isEqualTo(202);
    String done = id(tenant.post("/v1/jobs", Map.of("type", "noop")));
    awaitStatus(tenant, done, "succeeded");
    ApiClient.Response late = tenant.post("/v1/jobs/" + done + "/cancel", "");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json()).containsEntry("code", "job_finished");
  }

  @Test
  void theEventStreamShowsStateChangesAndProgressUntilTheEnd() throws Exception {
    ApiClient tenant = aTenant("pro");
    String id =
        id(tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 1500))));
    HttpRequest request =
        tenant
            .request("/v1/jobs/" + id + "/events")
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/event-stream");
    List<String> events = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      String name = null;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          ids.add(line.substring(3).trim());
        } else if (line.startsWith("data:")) {
          String data = line.substring(5);
          events.add(
              name
                  + ":"
                  + data.replaceAll(".*\"status\":\"([a-z]+)\".*\"progress\":(\\d+).*", "$1/$2"));
        }
      }
    }
    assertThat(events.get(0)).isEqualTo("status:queued/0");
    assertThat(events).contains("status:running/0");
    assertThat(events.stream().filter(e -> e.startsWith("progress:"))).isNotEmpty();
    assertThat(events.get(events.size() - 1)).isEqualTo("status:succeeded/100");
    assertThat(ids).doesNotHaveDuplicates();

    // reconnecting with Last-Event-ID replays only what came after
    HttpResponse<String> resumed =
        HttpClient.newHttpClient()
            .send(
                tenant
                    .request("/v1/jobs/" + id + "/events")
                    .header("Last-Event-ID", ids.get(ids.size() - 2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(resumed.body())
        // the space after the colon is optional in SSE
        .containsPattern("(?m)^event: ?status$")
        .contains("succeeded")
        .doesNotContain("queued");
  }

  @Test
  void publishesTheJobTypeCatalogueAndAnOpenApiSpec() {
    ApiClient tenant = aTenant("free");
    Map<String, Object> types = tenant.get("/v1/job-types").json();
    assertThat(types.get("data"))
        .asString()
        .contains(
            "name=noop,", "queue_class=light", "name=noop-heavy", "queue_class=heavy", "sleep_ms");
    ApiClient.Response spec = new ApiClient(port, null).get("/v3/api-docs");
    assertThat(spec.status()).isEqualTo(200);
    assertThat(spec.body())
        .contains("\"/v1/jobs\"", "\"/v1/jobs/{id}/cancel\"", "\"/v1/jobs/{id}/events\"");
    assertThat(new ApiClient(port, null).get("/actuator/health").body()).contains("UP");
  }

  @Test
  void tenantsSeeTheirOwnPlanAndOnlyAdminsManageTenants() {
    ApiClient tenant = aTenant("student");
    Map<String, Object> me = tenant.get("/v1/me").json();
    assertThat(me).containsEntry("plan", "student").containsEntry("admin", false);
    assertThat((String) me.get("webhook_secret")).startsWith("whsec_");
    ApiClient.Response forbidden =
        tenant.post("/v1/tenants", Map.of("id", "sneaky", "plan", "enterprise"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json()).containsEntry("code", "admin_required");
    Integer keys =
        jdbc.sql("select count(*) from api_keys where key_hash = ?")
            .param(ai.omnix.pipeline.store.tenant.ApiKeys.hash(ADMIN_KEY))
            .query(Integer.class)
            .single();
    Integer plain =
        jdbc.sql("select count(*) from api_keys where key_hash = ? or key_prefix = ?")
            .params(ADMIN_KEY, ADMIN_KEY)
            .query(Integer.class)
            .single();
    assertThat(keys).as("keys are stored as their hash").isEqualTo(1);
    assertThat(plain).as("never in the clear").isZero();
  }

  @Test
  void aPlanThatIsFullAnswers429() {
    ApiClient tenant = aTenant("free");
    int limit = ai.omnix.pipeline.core.tenant.Plan.FREE.maxUnfinishedJobs();
    ApiClient.Response last = null;
    for (int i = 0; i <= limit; i++) {
      last = tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 60_000)));
      if (last.status() != 202) {
        break;
      }
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.json()).containsEntry("code", "plan_queue_limit");
    // leave no long sleepers behind for the other tests: flag them all, the workers end them
    jdbc.sql("update jobs set cancel_requested_at = now() where tenant_id = ?")
        .param(tenant.get("/v1/me").json().get("id"))
        .update();
    jdbc.sql(
            "update jobs set status = 'canceled', finished_at = now() where tenant_id = ? and status = 'queued' "
                + "and not dispatched")
        .param(tenant.get("/v1/me").json().get("id"))
        .update();
  }

  @Test
  void theEmbeddedSchedulerRunsOnClusteredQuartz() {
    Integer triggers =
        jdbc.sql(
                "select count(*) from qrtz_triggers where trigger_name = 'idempotency-key-purge-hourly'")
            .query(Integer.class)
            .single();
    assertThat(triggers).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void operatorsSeeTheBacklogAcrossTenantsAndTenantsDoNot() {
    ApiClient tenant = aTenant("free");
    for (int i = 0; i < 3; i++) {
      tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 30_000)));
    }
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    Map<String, Object> overview = admin().get("/v1/admin/overview").json();
    assertThat((List<Map<String, Object>>) overview.get("busiest_tenants"))
        .anySatisfy(t -> assertThat(t).containsEntry("tenant_id", tenantId));
    assertThat((List<Map<String, Object>>) overview.get("unfinished_by_class"))
        .anySatisfy(
            row ->
                assertThat(row)
                    .containsEntry("queue_class", "light")
                    .containsKey("oldest_age_seconds"));
    assertThat(tenant.get("/v1/admin/overview").status()).isEqualTo(403);
    jdbc.sql("update jobs set cancel_requested_at = now() where tenant_id = ?")
        .param(tenantId)
        .update();
    jdbc.sql(
            "update jobs set status = 'canceled', finished_at = now() where tenant_id = ? and status = 'queued' "
                + "and not dispatched")
        .param(tenantId)
        .update();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTenantRotatesItsKeysAndARevokedKeyStopsWorkingAtOnce() {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response issued = tenant.post("/v1/me/keys", "");
    assertThat(issued.status()).isEqualTo(201);
    String newKey = (String) issued.json().get("api_key");
    ApiClient rotated = tenant.as(newKey);
    assertThat(rotated.get("/v1/me").json().get("id"))
        .isEqualTo(tenant.get("/v1/me").json().get("id"));

    List<Map<String, Object>> keys =
        (List<Map<String, Object>>) rotated.get("/v1/me/keys").json().get("data");
    assertThat(keys).hasSize(2).allSatisfy(k -> assertThat(k).doesNotContainKey("api_key"));
    String oldKeyId =
        (String)
            keys.stream()
                .filter(k -> !newKey.startsWith((String) k.get("prefix")))
                .findFirst()
                .orElseThrow()
                .get("id");
    assertThat(rotated.send(rotated.request("/v1/me/keys/" + oldKeyId).DELETE().build()).status())
        .isEqualTo(204);
    assertThat(tenant.get("/v1/me").status()).isEqualTo(401);
    assertThat(rotated.get("/v1/me").status()).isEqualTo(200);

    ApiClient stranger = aTenant("pro");
    String rotatedId =
        (String)
            ((List<Map<String, Object>>) rotated.get("/v1/me/keys").json().get("data"))
                .stream()
                    .filter(k -> k.get("revoked_at") == null)
                    .findFirst()
                    .orElseThrow()
                    .get("id");
    assertThat(
            stranger.send(stranger.request("/v1/me/keys/" + rotatedId).DELETE().build()).status())
        .isEqualTo(404);
  }
}
