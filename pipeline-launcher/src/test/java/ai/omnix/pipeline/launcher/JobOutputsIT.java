package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job outputs stay bounded (issue 10 item 7): a job's result, job lists and webhook payloads carry
 * at most 100 output ids and the total; the full list is paged from {@code /v1/jobs/{id}/outputs}.
 */
class JobOutputsIT extends PipelineTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int OUTPUTS = 250;
  private static final int INLINE = 100;

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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @Test
  void aJobWithMoreOutputsThanTheBoundShowsTheFirstHundredAndPagesEveryOutputOnce() {
    ApiClient tenant = aTenant("pro");
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    ApiClient.Response submitted =
        tenant.post(
            "/v1/jobs",
            Map.of("type", "noop", "params", Map.of("outputs", OUTPUTS), "webhook_url", hook));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = (String) submitted.json().get("id");
    Map<String, Object> done = awaitStatus(tenant, id, "succeeded");

    // the job's own JSON: the first 100 ids, the total, and that there are more
    Map<String, Object> result = map(done.get("result"));
    assertThat(list(result.get("output_asset_ids"))).hasSize(INLINE);
    assertThat(result)
        .containsEntry("output_count", OUTPUTS)
        .containsEntry("has_more_outputs", true);

    // the job list: the same bounded result
    Map<String, Object> listed =
        list(tenant.get("/v1/jobs?limit=5").json().get("data")).stream()
            .map(JobOutputsIT::map)
            .filter(j -> id.equals(j.get("id")))
            .findFirst()
            .orElseThrow();
    assertThat(list(map(listed.get("result")).get("output_asset_ids"))).hasSize(INLINE);
    assertThat(map(listed.get("result"))).containsEntry("output_count", OUTPUTS);

    // the webhook payload: the same bounded result
    String body =
        await(
            Duration.ofSeconds(30),
            () -> received.stream().filter(b -> b.contains(id)).findFirst().orElse(null),
            b -> b != null,
            "the job.succeeded webhook");
    Map<String, Object> payload = JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
    Map<String, Object> hooked = map(map(payload.get("data")).get("result"));
    assertThat(list(hooked.get("output_asset_ids"))).hasSize(INLINE);
    assertThat(hooked).containsEntry("output_count", OUTPUTS);
    assertThat(body.length()).isLessThan(20_000);

    // every output once, in order, across pages
    List<String> paged = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ApiClient.Response page =
          tenant.get(
              "/v1/jobs/" + id + "/outputs?limit=70" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      for (Object o : list(page.json().get("data"))) {
        paged.add((String) map(o).get("asset_id"));
        positions.add((Integer) map(o).get("position"));
        assertThat(map(o)).containsEntry("status", "ready").containsEntry("object", "job_output");
      }
      cursor = (String) page.json().get("next_cursor");
      assertThat(page.json().get("has_more")).isEqualTo(cursor != null);
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(4);
    assertThat(paged).hasSize(OUTPUTS).doesNotHaveDuplicates();
    assertThat(positions).isSorted();
    assertThat(paged.subList(0, INLINE)).isEqualTo(result.get("output_asset_ids"));
    List<String> derived =
        jdbc.sql("select id from assets where derived_by_job_id = ?")
            .param(UUID.fromString(id))
            .query(String.class)
            .list();
    assertThat(new HashSet<>(paged)).isEqualTo(new HashSet<>(derived));

    // a bad cursor is a problem, another tenant sees nothing
    ApiClient.Response bad = tenant.get("/v1/jobs/" + id + "/outputs?cursor=not-a-cursor");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(bad.json()).containsEntry("code", "invalid_cursor");
    ApiClient.Response tooMany = tenant.get("/v1/jobs/" + id + "/outputs?limit=1001");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json()).containsEntry("code", "invalid_query");
    assertThat(aTenant("pro").get("/v1/jobs/" + id + "/outputs").status()).isEqualTo(404);
  }

  @Test
  void aJobWithFewOutputsListsThemAllInline() {
    ApiClient tenant = aTenant("pro");
    String id =
        (String)
            tenant
                .post("/v1/jobs", Map.of("type", "noop", "params", Map.of("outputs", 3)))
                .json()
                .get("id");
    Map<String, Object> result = map(awaitStatus(tenant, id, "succeeded").get("result"));
    assertThat(list(result.get("output_asset_ids"))).hasSize(3);
    assertThat(result).containsEntry("output_count", 3).containsEntry("has_more_outputs", false);
    Map<String, Object> page = tenant.get("/v1/jobs/" + id + "/outputs").json();
    Set<Object> ids = new HashSet<>();
    list(page.get("data")).forEach(o -> ids.add(map(o).get("asset_id")));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(list(result.get("output_asset_ids")));
    assertThat(page).containsEntry("has_more", false);
  }
}
