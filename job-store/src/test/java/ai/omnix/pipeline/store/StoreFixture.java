package ai.omnix.pipeline.store;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A migrated database on the shared embedded PostgreSQL, with the store's repositories over it. */
public final class StoreFixture {
  private static final AtomicInteger TENANTS = new AtomicInteger();

  public final DataSource dataSource;
  public final JdbcClient jdbc;
  public final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));
  public final TenantRepository tenants;
  public final WebhookRepository webhooks;
  public final JdbcJobStore jobs;

  public StoreFixture() {
    this(SharedPostgres.newDatabase("store"), SharedPostgres.username(), "");
  }

  /** A fixture whose job store also runs {@code extraEndHooks} when a job ends. */
  public StoreFixture(List<? extends JobEndHook> extraEndHooks) {
    this(SharedPostgres.newDatabase("store"), SharedPostgres.username(), "", extraEndHooks);
  }

  public StoreFixture(String url, String username, String password) {
    this(url, username, password, List.of());
  }

  private StoreFixture(
      String url, String username, String password, List<? extends JobEndHook> extraEndHooks) {
    dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, username, password);
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/omnix")
        .load()
        .migrate();
    jdbc = JdbcClient.create(dataSource);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tenants = new TenantRepository(jdbc, clock);
    webhooks = new WebhookRepository(jdbc, clock);
    jobs =
        ai.omnix.pipeline.store.StandardJobHooks.repository(
            jdbc, tx, webhooks, clock, List.of(), extraEndHooks);
  }

  public Tenant aTenant(Plan plan) {
    return tenants.create(new TenantId("tenant-" + TENANTS.incrementAndGet()), "Tenant", plan);
  }

  public static JobSubmission aNoopSubmission() {
    return new JobSubmission("noop", JobInput.none(), Map.of("sleep_ms", 10), null, Map.of(), 0);
  }

  public static NewJob aNewJob(Tenant tenant, JobSubmission submission, QueueClass queueClass) {
    return new NewJob(JobId.random(), tenant, submission, queueClass, 3, 1, null, null);
  }

  public JobSubmissions.Inserted insert(Tenant tenant, QueueClass queueClass) {
    return jobs.insert(aNewJob(tenant, aNoopSubmission(), queueClass));
  }
}
