package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end: job finishes, the worker signs and delivers, the receiver verifies
 * independently.
 */
class WebhookIT extends PipelineTestSupport {
  private HttpServer receiver;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
          received.add(
              Map.of(
                  "path",
                  exchange.getRequestURI().getPath(),
                  "headers",
                  Map.copyOf(exchange.getRequestHeaders()),
                  "body",
                  body,
                  "status",
                  status));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  @SuppressWarnings("unchecked")
  private static HttpHeaders headers(Map<String, Object> request) {
    return HttpHeaders.of((Map<String, List<String>>) request.get("headers"), (a, b) -> true);
  }

  @Test
  void aReceiverThatFailsThreeTimesGetsExactlyOneLogicalDeliveryWithAValidSignature()
      throws Exception {
    ApiClient tenant = aTenant("pro");
    String secret = (String) tenant.get("/v1/me").json().get("webhook_secret");
    failuresLeft.set(3);
    String id =
        (String)
            tenant
                .post("/v1/jobs", Map.of("type", "noop", "webhook_url", url("/job-hook")))
                .json()
                .get("id");
    awaitStatus(tenant, id, "succeeded");
    await(
        Duration.ofSeconds(30),
        () -> received.stream().filter(r -> r.get("status").equals(200)).count(),
        n -> n == 1,
        "one successful delivery");

    Webhook verifier = new Webhook(secret);
    for (Map<String, Object> r : received) {
      verifier.verify((String) r.get("body"), headers(r));
    }
    assertThat(received).extracting(r -> r.get("status")).containsExactly(500, 500, 500, 200);
    assertThat(received)
        .extracting(r -> headers(r).firstValue("webhook-id").orElseThrow())
        .containsOnly(headers(received.get(0)).firstValue("webhook-id").orElseThrow());
    assertThat((String) received.get(3).get("body"))
        .contains("\"type\":\"job.succeeded\"")
        .contains(id);

    @SuppressWarnings("unchecked")
    Map<String, Object> delivery =
        ((List<Map<String, Object>>) tenant.get("/v1/jobs/" + id + "/webhooks").json().get("data"))
            .get(0);
    assertThat(delivery)
        .containsEntry("status", "delivered")
        .containsEntry("attempts", 4)
        .containsEntry("event_type", "job.succeeded");
    assertThat((List<?>) delivery.get("log")).hasSize(4);

    ApiClient.Response redeliver = tenant.post("/v1/jobs/" + id + "/webhooks/redeliver", "");
    assertThat(redeliver.status()).isEqualTo(202);
    await(Duration.ofSeconds(30), received::size, n -> n == 5, "the redelivery");
    assertThat(headers(received.get(4)).firstValue("webhook-id"))
        .isEqualTo(headers(received.get(0)).firstValue("webhook-id"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void tenantEndpointsReceiveTheEventsTheySubscribedTo() {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response created =
        tenant.post(
            "/v1/webhook-endpoints",
            Map.of("url", url("/failures"), "event_types", List.of("job.failed")));
    assertThat(created.status()).isEqualTo(201);
    tenant.post("/v1/webhook-endpoints", Map.of("url", url("/all")));
    assertThat((List<?>) tenant.get("/v1/webhook-endpoints").json().get("data")).hasSize(2);

    String ok = (String) tenant.post("/v1/jobs", Map.of("type", "noop")).json().get("id");
    String bad =
        (String)
            tenant
                .post("/v1/jobs", Map.of("type", "noop", "params", Map.of("fail", "permanent")))
                .json()
                .get("id");
    awaitStatus(tenant, ok, "succeeded");
    awaitStatus(tenant, bad, "failed");
    await(Duration.ofSeconds(30), received::size, n -> n >= 3, "three deliveries");

    assertThat(received)
        .extracting(
            r ->
                r.get("path")
                    + " "
                    + ((String) r.get("body")).replaceAll(".*\"type\":\"(job\\.[a-z]+)\".*", "$1"))
        .containsExactlyInAnyOrder("/all job.succeeded", "/all job.failed", "/failures job.failed");

    String endpointId = (String) created.json().get("id");
    assertThat(
            tenant
                .send(tenant.request("/v1/webhook-endpoints/" + endpointId).DELETE().build())
                .status())
        .isEqualTo(204);
    ApiClient stranger = aTenant("pro");
    String allId =
        (String)
            ((List<Map<String, Object>>) tenant.get("/v1/webhook-endpoints").json().get("data"))
                .get(0)
                .get("id");
    assertThat(
            stranger
                .send(stranger.request("/v1/webhook-endpoints/" + allId).DELETE().build())
                .status())
        .as("another tenant's endpoint is not found")
        .isEqualTo(404);
    assertThat((List<?>) tenant.get("/v1/webhook-endpoints").json().get("data")).hasSize(1);
  }
}
