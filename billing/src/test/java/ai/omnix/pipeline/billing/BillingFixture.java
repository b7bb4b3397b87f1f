package ai.omnix.pipeline.billing;

import ai.omnix.pipeline.billing.ledger.JdbcCreditLedger;
import ai.omnix.pipeline.billing.plan.JdbcAllowanceCounters;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A migrated database (every module's migrations on the classpath) with billing's stores over it.
 */
public final class BillingFixture {
  private static final AtomicInteger TENANTS = new AtomicInteger();

  public final String url;
  public final DataSource dataSource;
  public final JdbcClient jdbc;
  public final TransactionTemplate tx;
  public final SettableClock clock = new SettableClock(Instant.parse("2026-03-20T10:00:00Z"));
  public final TenantRepository tenants;
  public final JdbcCreditLedger ledger;
  public final JdbcAllowanceCounters allowances;

  public BillingFixture() {
    url = SharedPostgres.newDatabase("billing");
    dataSource =
        new SimpleDriverDataSource(new org.postgresql.Driver(), url, SharedPostgres.username(), "");
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/omnix")
        .outOfOrder(true)
        .load()
        .migrate();
    jdbc = JdbcClient.create(dataSource);
    tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tenants = new TenantRepository(jdbc, clock);
    ledger = new JdbcCreditLedger(jdbc, tx, clock);
    allowances = new JdbcAllowanceCounters(jdbc, tx, clock);
  }

  public TenantId aTenant(Plan plan) {
    return tenants.create(new TenantId("tenant-" + TENANTS.incrementAndGet()), "Tenant", plan).id();
  }
}
