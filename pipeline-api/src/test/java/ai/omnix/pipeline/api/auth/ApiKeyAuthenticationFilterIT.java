package ai.omnix.pipeline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The filter against a real key store: floods of unknown keys are kept off the database without
 * locking out valid keys, and a database outage answers 503 problem+json.
 */
class ApiKeyAuthenticationFilterIT {
  private static final Duration CACHE = Duration.ofSeconds(30);
  private static DataSource dataSource;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final AtomicInteger lookups = new AtomicInteger();

  @BeforeAll
  static void migrate() {
    dataSource =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            SharedPostgres.newDatabase("auth_filter"),
            SharedPostgres.username(),
            "");
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/omnix")
        .load()
        .migrate();
  }

  /** The real repository, counting the lookups that reach the database. */
  private TenantRepository countingTenants(DataSource on) {
    return new TenantRepository(JdbcClient.create(on), clock) {
      @Override
      public Optional<Principal> authenticate(String key) {
        lookups.incrementAndGet();
        return super.authenticate(key);
      }
    };
  }

  private ApiKeyAuthenticationFilter filter(TenantRepository tenants) {
    return new ApiKeyAuthenticationFilter(
        tenants,
        clock,
        CACHE,
        PublicPaths.defaults(),
        new FailedLookupThrottle(
            clock,
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            5,
            50,
            Duration.ofHours(24),
            1000),
        SecurityEvents.logging());
  }

  private static MockHttpServletResponse call(
      ApiKeyAuthenticationFilter filter, String key, String address) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/jobs");
    request.setRemoteAddr(address);
    request.addHeader("Authorization", "Bearer " + key);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }

  private String aValidKey(TenantRepository tenants) {
    TenantId id = new TenantId("auth-" + System.nanoTime());
    tenants.create(id, "Auth", Plan.PRO);
    return tenants.issueKey(id, false);
  }

  @Test
  void aFloodOfRandomKeysReachesTheDatabaseOnlyUpToTheLimit() throws Exception {
    ApiKeyAuthenticationFilter filter = filter(countingTenants(dataSource));
    int throttled = 0;
    for (int i = 0; i < 200; i++) {
      MockHttpServletResponse r = call(filter, ApiKeys.generate(), "203.0.113.7");
      if (r.getStatus() == 429) {
        throttled++;
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getContentAsString()).contains("too_many_failed_authentications");
        assertThat(Integer.parseInt(r.getHeader("Retry-After"))).isBetween(1, 61);
      } else {
        assertThat(r.getStatus()).isEqualTo(401);
      }
    }
    assertThat(lookups.get()).isEqualTo(5);
    assertThat(throttled).isEqualTo(195);
  }

  @Test
  void anUnknownKeyRepeatedIsLookedUpOnce() throws Exception {
    ApiKeyAuthenticationFilter filter = filter(countingTenants(dataSource));
    String key = ApiKeys.generate();
    for (int i = 0; i < 20; i++) {
      assertThat(call(filter, key, "203.0.113.8").getStatus()).isEqualTo(401);
    }
    assertThat(lookups.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    assertThat(call(filter, key, "203.0.113.8").getStatus()).isEqualTo(401);
    assertThat(lookups.get()).isEqualTo(2);
  }

  @Test
  void aValidKeyInUseIsNotLockedOutByAFloodFromItsAddress() throws Exception {
    TenantRepository tenants = countingTenants(dataSource);
    ApiKeyAuthenticationFilter filter = filter(tenants);
    String valid = aValidKey(tenants);
    String fresh = aValidKey(tenants);
    assertThat(call(filter, valid, "198.51.100.1").getStatus()).isEqualTo(200);
    for (int i = 0; i < 100; i++) {
      call(filter, ApiKeys.generate(), "198.51.100.1");
    }
    // cached: no lookup needed
    assertThat(call(filter, valid, "198.51.100.1").getStatus()).isEqualTo(200);
    // past the positive cache, still in the throttled window: looked up all the same
    clock.advance(CACHE.plusSeconds(1));
    int before = lookups.get();
    assertThat(call(filter, valid, "198.51.100.1").getStatus()).isEqualTo(200);
    assertThat(lookups.get()).isEqualTo(before + 1);
    // another address is not throttled at all
    assertThat(call(filter, fresh, "198.51.100.2").getStatus()).isEqualTo(200);
  }

  @Test
  void aKeyNeverSeenWaitsOnlyUntilTheWindowEnds() throws Exception {
    TenantRepository tenants = countingTenants(dataSource);
    ApiKeyAuthenticationFilter filter = filter(tenants);
    String fresh = aValidKey(tenants);
    for (int i = 0; i < 10; i++) {
      call(filter, ApiKeys.generate(), "198.51.100.9");
    }
    MockHttpServletResponse waiting = call(filter, fresh, "198.51.100.9");
    assertThat(waiting.getStatus()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(Integer.parseInt(waiting.getHeader("Retry-After"))));
    assertThat(call(filter, fresh, "198.51.100.9").getStatus()).isEqualTo(200);
  }

  @Test
  void aDatabaseOutageAnswersStoreUnavailable() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    DataSource dead =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            "jdbc:postgresql://127.0.0.1:" + deadPort + "/omnix?connectTimeout=2",
            "postgres",
            "");
    MockHttpServletResponse r =
        call(filter(countingTenants(dead)), ApiKeys.generate(), "192.0.2.1");
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getContentType()).startsWith("application/problem+json");
    assertThat(r.getContentAsString()).contains("\"code\":\"store_unavailable\"");
  }

  @Test
  void publicPathsNeedNoKey() throws Exception {
    ApiKeyAuthenticationFilter filter = filter(countingTenants(dataSource));
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(lookups.get()).isZero();
  }
}
