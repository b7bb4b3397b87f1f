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
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
    return aFinishedJobWithWebhook(store, tenant, webhookUrl);
  }

  private static JobRecord aFinishedJobWithWebhook(
      StoreFixture store, Tenant tenant, String webhookUrl) {
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
      try {
        assertThat(sender.awaitIdle(Duration.ofSeconds(30))).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
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

  /**
   * A receiver that accepts the request and then answers one byte every 200 ms, forever: no read
   * ever waits long enough to trip a per-read timeout.
   */
  private static final class TricklingReceiver implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final Thread acceptor = new Thread(this::accept, "trickling-receiver");

    TricklingReceiver() throws IOException {
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/slow";
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread trickle = new Thread(() -> trickle(socket), "trickle");
          trickle.setDaemon(true);
          trickle.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void trickle(Socket socket) {
      mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      try (socket) {
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        while (!server.isClosed()) {
          out.write('a');
          out.flush();
          Thread.sleep(200);
        }
      } catch (IOException | InterruptedException e) {
        // the sender cut the connection
      } finally {
        open.decrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private List<Delivery> deliveriesOf(Tenant tenant, List<JobRecord> jobs) {
    return jobs.stream()
        .map(j -> store.webhooks.deliveriesFor(tenant.id(), j.id()).get(0))
        .toList();
  }

  private static <T> T await(Duration timeout, Supplier<T> probe, Predicate<T> done, String what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + timeout + ": " + what + "; last: " + value);
      }
      Thread.sleep(50);
      value = probe.get();
    }
    return value;
  }

  /**
   * The bound: with a 15 s deadline per attempt and 4 sending slots, tenant A's six deliveries to a
   * receiver that trickles take at most 2 slots (its endpoint's share), so tenant B's three
   * deliveries all complete while A's first attempts are still stalled, that is before A's 15 s
   * deadline can have elapsed. A's attempts then end at the deadline as deadline_exceeded.
   */
  @Test
  void aTricklingReceiverOfOneTenantDoesNotHoldBackAnotherTenantsDeliveries() throws Exception {
    Duration deadline = Duration.ofSeconds(15);
    Tenant a = store.aTenant(Plan.PRO);
    Tenant b = store.aTenant(Plan.PRO);
    try (TricklingReceiver slow = new TricklingReceiver();
        WebhookSender sender =
            new WebhookSender(
                store.webhooks, store.tenants, loopbackAllowed(), FAST, store.clock, deadline, 4)) {
      List<JobRecord> aJobs = new java.util.ArrayList<>();
      // A's deliveries fell due first, as when A's jobs finished first
      for (int i = 0; i < 6; i++) {
        aJobs.add(aFinishedJobWithWebhook(a, slow.url()));
        store.clock.advance(Duration.ofMillis(10));
      }
      List<JobRecord> bJobs = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        bJobs.add(aFinishedJobWithWebhook(b, url("/hook")));
        store.clock.advance(Duration.ofMillis(10));
      }
      // as the webhook loop does: a pass now and then, whatever the passes before are doing
      ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
      long started = System.nanoTime();
      try {
        loop.scheduleWithFixedDelay(sender, 0, 100, TimeUnit.MILLISECONDS);
        await(
            deadline.minusSeconds(3),
            () -> deliveriesOf(b, bJobs),
            ds -> ds.stream().allMatch(d -> d.status().equals("delivered")),
            "tenant B's deliveries while A's receiver trickles");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(deadline);
        assertThat(deliveriesOf(a, aJobs))
            .as("A's attempts are still stalled, not failed or done")
            .allSatisfy(d -> assertThat(d.attempts()).isZero());
        assertThat(slow.mostOpen.get()).as("A's endpoint share").isLessThanOrEqualTo(2);

        List<Delivery> cut =
            await(
                deadline.plusSeconds(30),
                () -> deliveriesOf(a, aJobs),
                ds -> ds.stream().filter(d -> d.attempts() > 0).count() >= 2,
                "A's first attempts to end at their deadline");
        assertThat(cut)
            .filteredOn(d -> d.attempts() > 0)
            .allSatisfy(
                d -> {
                  assertThat(d.status()).isEqualTo("pending");
                  assertThat(d.lastError()).startsWith("deadline_exceeded");
                });
      } finally {
        loop.shutdownNow();
      }
    }
  }

  @Test
  void dueDeliveriesAreClaimedRoundRobinBetweenTenants() {
    StoreFixture fresh = new StoreFixture();
    fresh.clock.set(store.clock.instant());
    Tenant flooder = fresh.aTenant(Plan.PRO);
    Tenant other = fresh.aTenant(Plan.PRO);
    for (int i = 0; i < 5; i++) {
      aFinishedJobWithWebhook(fresh, flooder, url("/hook"));
      fresh.clock.advance(Duration.ofMillis(10));
    }
    aFinishedJobWithWebhook(fresh, other, url("/hook"));
    fresh.clock.advance(Duration.ofMillis(10));

    List<Delivery> claimed =
        fresh.webhooks.claimDue(3, 2, java.util.Set.of(), fresh.clock.instant().plusSeconds(60));
    assertThat(claimed)
        .extracting(d -> d.tenantId().value())
        .containsExactlyInAnyOrder(flooder.id().value(), flooder.id().value(), other.id().value());
    assertThat(
            fresh.webhooks.claimDue(
                10, 10, java.util.Set.of(flooder.id()), fresh.clock.instant().plusSeconds(60)))
        .as("a tenant the sender has enough of in flight is skipped")
        .isEmpty();
  }

  @Test
  void aDisabledEndpointGetsNoMoreRetriesOrRedeliveries() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    var endpoint = store.webhooks.createEndpoint(tenant.id(), url("/hook"), java.util.Set.of());
    JobRecord job = aFinishedJobWithWebhook(tenant, null);
    failuresLeft.set(100);
    try (WebhookSender sender = sender(loopbackAllowed())) {
      sendDueFor(sender, 1);
      assertThat(received).hasSize(1);
      assertThat(store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0).status())
          .isEqualTo("pending");

      assertThat(store.webhooks.disableEndpoint(tenant.id(), endpoint.id())).isTrue();
      Delivery ended = store.webhooks.deliveriesFor(tenant.id(), job.id()).get(0);
      assertThat(ended.status()).isEqualTo("failed");
      assertThat(ended.lastError()).isEqualTo("endpoint_disabled");
      assertThat(store.webhooks.redeliver(tenant.id(), job.id())).isZero();
      sendDueFor(sender, 3);
    }
    assertThat(received).hasSize(1);
  }

  @Test
  void theStandardScheduleRetriesForMoreThanADay() {
    Duration total =
        RetrySchedule.standard().delays().stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(total).isGreaterThan(Duration.ofHours(24));
  }
}
