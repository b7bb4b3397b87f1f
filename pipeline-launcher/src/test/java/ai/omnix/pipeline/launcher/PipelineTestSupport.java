package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole pipeline (api and worker roles, real JobRunr) on one database of the shared embedded
 * PostgreSQL, over real HTTP. Every test class extending this shares one application context; tests
 * isolate themselves by creating their own tenant.
 */
@SpringBootTest(
    classes = PipelineApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class PipelineTestSupport {
  static final String ADMIN_KEY = "omx_test_admin_key_0123456789abcdef";
  static final String STRIPE_SECRET = "whsec_test_0123456789abcdef";
  private static final String DATABASE = SharedPostgres.newDatabase("pipeline_it");

  @DynamicPropertySource
  static void pipeline(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DATABASE);
    registry.add("spring.datasource.username", SharedPostgres::username);
    registry.add("spring.datasource.password", () -> "");
    registry.add("omnix.roles", () -> "api,worker,scheduler,chat");
    ProviderStubs.register(registry);
    registry.add("omnix.api.bootstrap-api-key", () -> ADMIN_KEY);
    registry.add("omnix.billing.stripe.webhook-secret", () -> STRIPE_SECRET);
    registry.add("omnix.outbound.allowed-cidrs", () -> "127.0.0.0/8");
    registry.add("omnix.worker.retry-base", () -> "500ms");
    registry.add("omnix.worker.webhook-retry-delays", () -> "300ms,300ms,300ms,300ms,300ms");
    registry.add("jobrunr.dashboard.enabled", () -> "false");
    registry.add("omnix.api.event-streams-per-tenant", () -> "4");
    registry.add(
        "omnix.data-dir",
        () -> "target/it-data/" + DATABASE.substring(DATABASE.lastIndexOf('/') + 1));
    registry.add("jobrunr.background-job-server.worker-count", () -> "8");
  }

  @LocalServerPort int port;

  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  ApiClient admin() {
    return new ApiClient(port, ADMIN_KEY);
  }

  /**
   * Creates a tenant of its own for the calling test, with {@link #TEST_CREDITS} credits granted
   * (jobs are paid for: escrow reserves their estimate at submit), and returns a client holding its
   * key.
   */
  ApiClient aTenant(String plan) {
    return aTenant(plan, TEST_CREDITS);
  }

  static final String TEST_CREDITS = "10000";

  /** A tenant of its own with {@code credits} granted (none when null). */
  ApiClient aTenant(String plan, String credits) {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", plan));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    if (credits != null) {
      ApiClient.Response granted =
          admin()
              .post(
                  "/v1/tenants/" + id + "/credit-grants",
                  Map.of("amount", credits, "reason", "test credits"));
      assertThat(granted.status()).as(granted.body()).isEqualTo(201);
    }
    return new ApiClient(port, (String) created.json().get("api_key"));
  }

  static <T> T await(Duration timeout, Supplier<T> probe, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "; last: " + value);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = probe.get();
    }
    return value;
  }

  static Map<String, Object> awaitStatus(ApiClient client, String jobId, String status) {
    return await(
        Duration.ofSeconds(60),
        () -> client.get("/v1/jobs/" + jobId).json(),
        job -> status.equals(job.get("status")),
        "job " + jobId + " to be " + status);
  }
}
