package ai.omnix.pipeline.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.webhook.WebhookRepository.Delivery;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real HTTP to a local receiver; signatures checked by the independent Standard Webhooks library.
 */
class WebhookSenderIT {
  private static final StoreFixture store = new StoreFixture();
  private static final RetrySchedule FAST =
      new RetrySchedule(
          List.of(
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1)));

  private HttpServer receiver;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private record Received(Map<String, List<String>> headers, String body, int answered) {}

  @BeforeEach
  void startReceiver() throws Exception {
    store.clock.set(java.time.Instant.now());
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.createContext(
        "/redirect",
        exchange -> {
          received.add(new Received(Map.of(), "", 302));
          exchange.getResponseHeaders().add("Location", "http://10.0.0.1/internal");
          exchange.sendResponseHeaders(302, -1);
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

  private WebhookSender sender(OutboundAddressPolicy policy) {
    return new WebhookSender(
        store.webhooks, store.tenants, policy, FAST, store.clock, Duration.ofSeconds(5), 2);
  }

  private static OutboundAddressPolicy loopbackAllowed() {
    return new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));
  }

  private JobRecord aFinishedJobWithWebhook(Tenant tenant, String webhookUrl) {
    JobRecord job =
        store
            .jobs
            .insert(
                StoreFixture.aNewJob(
                    tenant,
                    new JobSubmission("noop", JobInput.none(), Map.of(), webhookUrl, Map.of(), 0),
                    QueueClass.LIGHT))
            .job();
    UUID run = UUID.randomUUID();
    store.jobs.markDispatched(job.id(), run);
    store.jobs.claim(job.id(), run, "w");
    return store.jobs.succeed(job.id(), run, JobResult.of(Map.of("ok", true))).orElseThrow();
  }

  private void sendDueFor(WebhookSender sender, int passes) {
    for (int i = 0; i < passes; i++) {
      sender.run();
      store.clock.advance(Duration.ofMillis(1100));
    }
  }

  @Test
  void aReceiverThatFailsTwiceGetsOneLogicalDeliveryWithAValidSignature() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    JobRecord job = aFinishedJobWithWebhook(tenant, url("/hook"));
    failuresLeft.set(2);

    try (WebhookSender sender = sender(loopbackAllowed())) {
      sendDueFor(sender, 5);
    }

    assertThat(received).extracting(Received::answered).containsExactly(503, 503, 204);
    assertThat(received)
        .extracting(r -> r.headers().get("Webhook-id").get(0))
        .containsOnly(received.get(0).headers().get("Webhook-id").get(0));
    Webhook verifier = new Webhook(tenant.webhookSecret());
    for (Received r : received) {
      HttpHeaders headers = HttpHeaders.of(r.headers(), (a, b) -> true);
      verifier.verify(r.body(), headers);
    }
    assertThat(received.get(2).body())
        .contains(job.id().toString())
        .contains("\"type\":\"job.succeeded\"");

    Delivery delivery = store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0);
    assertThat(delivery.status()).isEqualTo("delivered");
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(store.webhooks.attempts(delivery.id()))
        .extracting(a -> a.statusCode())
        .containsExactly(503, 503, 204);
  }

  @Test
  void aTamperedBodyFailsVerification() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    aFinishedJobWithWebhook(tenant, url("/hook"));
    try (WebhookSender sender = sender(loopbackAllowed())) {
      sendDueFor(sender, 1);
    }
    Received r = received.get(0);
    HttpHeaders headers = HttpHeaders.of(r.headers(), (a, b) -> true);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new Webhook(tenant.webhookSecret())
                    .verify(r.body().replace("succeeded", "failed"), headers))
        .isNotNull();
  }

  @Test
  void aLoopbackTargetIsRefusedAtConnectTimeUnlessAllowListed() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    JobRecord job = aFinishedJobWithWebhook(tenant, url("/hook"));
    try (WebhookSender sender = sender(OutboundAddressPolicy.strict())) {
      sendDueFor(sender, 3);
    }
    assertThat(received).isEmpty();
    Delivery delivery = store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0);
    assertThat(delivery.status()).isEqualTo("failed");
    assertThat(delivery.lastError()).startsWith("forbidden_address");
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    JobRecord job = aFinishedJobWithWebhook(tenant, url("/redirect"));
    try (WebhookSender sender = sender(loopbackAllowed())) {
      sendDueFor(sender, 1);
    }
    assertThat(received).hasSize(1);
    Delivery delivery = store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(store.webhooks.attempts(delivery.id()))
        .extracting(a -> a.statusCode())
        .containsExactly(302);
  }

  @Test
  void givesUpAfterTheScheduleAndCanBeRedelivered() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    JobRecord job = aFinishedJobWithWebhook(tenant, url("/hook"));
    failuresLeft.set(100);
    try (WebhookSender sender = sender(loopbackAllowed())) {
      sendDueFor(sender, 8);
      assertThat(store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0).status())
          .isEqualTo("failed");
      assertThat(received).hasSize(5);

      failuresLeft.set(0);
      assertThat(store.webhooks.redeliver(tenant.id(), job.id())).isEqualTo(1);
      sendDueFor(sender, 1);
    }
    assertThat(store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0).status())
        .isEqualTo("delivered");
    assertThat(received)
        .extracting(r -> r.headers().get("Webhook-id").get(0))
        .containsOnly(received.get(0).headers().get("Webhook-id").get(0));
  }

  @Test
  void theStandardScheduleRetriesForMoreThanADay() {
    Duration total =
        RetrySchedule.standard().delays().stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(total).isGreaterThan(Duration.ofHours(24));
  }
}
