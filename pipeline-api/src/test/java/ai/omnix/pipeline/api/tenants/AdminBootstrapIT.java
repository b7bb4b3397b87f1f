package ai.omnix.pipeline.api.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.audit.ApiKeyIds;
import ai.omnix.pipeline.store.audit.JdbcAuditLog;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Installing a new bootstrap key revokes the one installed before, on a real database. */
class AdminBootstrapIT {
  private static final String KEY_A = "omx_bootstrap_key_a_0123456789";
  private static final String KEY_B = "omx_bootstrap_key_b_0123456789";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));

  private static DataSource database(String target) {
    DataSource dataSource =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            SharedPostgres.newDatabase("bootstrap"),
            SharedPostgres.username(),
            "");
    var flyway =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/omnix");
    if (target != null) {
      flyway.target(target);
    }
    flyway.load().migrate();
    return dataSource;
  }

  private DataSource dataSource;

  private TenantRepository tenants(DataSource dataSource) {
    this.dataSource = dataSource;
    return new TenantRepository(
        JdbcClient.create(dataSource),
        clock,
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  /** A bootstrap over the last database {@link #tenants} opened, auditing into it. */
  private AdminBootstrap bootstrap(TenantRepository tenants) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    return new AdminBootstrap(
        tenants,
        SecurityEvents.logging(),
        new ActionAudit(new JdbcAuditLog(jdbc, tx, clock), tx, new ApiKeyIds(jdbc)));
  }

  @Test
  void aNewBootstrapKeyRevokesThePreviousOne() {
    TenantRepository tenants = tenants(database(null));
    AdminBootstrap bootstrap = bootstrap(tenants);
    bootstrap.ensureAdmin(KEY_A);
    assertThat(tenants.authenticate(KEY_A)).hasValueSatisfying(p -> assertThat(p.admin()).isTrue());

    bootstrap.ensureAdmin(KEY_A); // a restart with the same key changes nothing
    assertThat(tenants.authenticate(KEY_A)).isPresent();

    bootstrap.ensureAdmin(KEY_B);
    assertThat(tenants.authenticate(KEY_A)).isEmpty();
    assertThat(tenants.authenticate(KEY_B)).hasValueSatisfying(p -> assertThat(p.admin()).isTrue());

    assertThatThrownBy(() -> bootstrap.ensureAdmin(KEY_A))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("revoked");
    assertThat(tenants.authenticate(KEY_B)).isPresent();
  }

  @Test
  void adminKeysIssuedThroughTheApiSurviveARotation() {
    TenantRepository tenants = tenants(database(null));
    AdminBootstrap bootstrap = bootstrap(tenants);
    bootstrap.ensureAdmin(KEY_A);
    String own = tenants.issue(new TenantId("admin"), true).key();
    bootstrap.ensureAdmin(KEY_B);
    assertThat(tenants.authenticate(own)).isPresent();
    assertThat(tenants.authenticate(KEY_A)).isEmpty();
  }

  @Test
  void theFirstStartKeyIsABootstrapKeyToo() {
    TenantRepository tenants = tenants(database(null));
    AdminBootstrap bootstrap = bootstrap(tenants);
    bootstrap.ensureAdmin(null);
    assertThat(tenants.keys(new TenantId("admin"))).hasSize(1);
    bootstrap.ensureAdmin(KEY_A);
    assertThat(tenants.keys(new TenantId("admin")))
        .filteredOn(k -> k.revokedAt() == null)
        .singleElement()
        .satisfies(k -> assertThat(k.prefix()).isEqualTo(ApiKeys.displayPrefix(KEY_A)));
  }

  /** A store that installed docker-compose's public default before bootstrap keys were marked. */
  @Test
  void thePublicComposeDefaultInstalledBeforeTheUpgradeIsRevokedByANewKey() {
    DataSource dataSource = database("10");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql(
            "insert into tenants (id, name, plan, webhook_secret, created_at)"
                + " values ('admin', 'Administrator', 'enterprise', 'whsec_x', now())")
        .update();
    jdbc.sql(
            "insert into api_keys (id, tenant_id, key_hash, key_prefix, is_admin, created_at)"
                + " values (?, 'admin', ?, 'omx_local', true, ?)")
        .params(
            UUID.randomUUID(),
            ApiKeys.hash(AdminBootstrap.PUBLIC_DEFAULT_KEY),
            Timestamp.from(clock.instant()))
        .update();
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/omnix")
        .outOfOrder(true)
        .load()
        .migrate();
    TenantRepository tenants = tenants(dataSource);
    assertThat(tenants.authenticate(AdminBootstrap.PUBLIC_DEFAULT_KEY)).isPresent();

    bootstrap(tenants).ensureAdmin(KEY_A);

    assertThat(tenants.authenticate(AdminBootstrap.PUBLIC_DEFAULT_KEY)).isEmpty();
    assertThat(tenants.authenticate(KEY_A)).isPresent();
  }
}
