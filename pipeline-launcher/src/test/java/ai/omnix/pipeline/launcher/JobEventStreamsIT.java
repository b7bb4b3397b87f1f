package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Job event streams share one notification fan-out per process (written by the delivery branch for
 * its own fan-out, kept for this one); a tenant holds at most its share of them (4 in these tests,
 * {@code omnix.api.event-streams-per-tenant}).
 */
class JobEventStreamsIT extends PipelineTestSupport {

  private static String id(ApiClient.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    return (String) response.json().get("id");
  }

  private static List<String> readToTheEnd(InputStream body) throws Exception {
    List<String> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          events.add(
              line.replaceAll(".*\"kind\":\"([a-z]+)\".*\"status\":\"([a-z]+)\".*", "$1:$2"));
        }
      }
    }
    return events;
  }

  @Test
  void aTenantHoldsAtMostItsShareOfStreamsWhileOtherTenantsStreamToTheEnd() throws Exception {
    ApiClient tenant = aTenant("pro");
    String slow =
        id(tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 120_000))));
    String path = "/v1/jobs/" + slow + "/events";
    HttpClient http = HttpClient.newHttpClient();
    List<HttpResponse<InputStream>> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        HttpResponse<InputStream> stream =
            http.send(
                tenant.request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        open.add(stream);
      }
      ApiClient.Response refused = tenant.get(path);
      assertThat(refused.status()).as(refused.body()).isEqualTo(429);
      assertThat(refused.json()).containsEntry("code", "too_many_streams");

      ApiClient other = aTenant("pro");
      String quick =
          id(other.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 1_000))));
      HttpResponse<InputStream> theirs =
          http.send(
              other.request("/v1/jobs/" + quick + "/events").GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(theirs.statusCode()).isEqualTo(200);
      List<String> events = readToTheEnd(theirs.body());
      assertThat(events).first().isEqualTo("status:queued");
      assertThat(events).last().isEqualTo("status:succeeded");

      // the terminal event closes the tenant's streams, which gives their places back
      assertThat(tenant.post("/v1/jobs/" + slow + "/cancel", "").status()).isEqualTo(202);
      for (HttpResponse<InputStream> stream : open) {
        assertThat(readToTheEnd(stream.body())).last().isEqualTo("status:canceled");
      }
      await(
          Duration.ofSeconds(30),
          () -> tenant.get(path).status(),
          status -> status == 200,
          "a stream place to be free again");
    } finally {
      for (HttpResponse<InputStream> stream : open) {
        stream.body().close();
      }
    }
  }
}
