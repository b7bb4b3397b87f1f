package ai.omnix.pipeline.launcher;

import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job store of worker processes under test, opened directly: tests put jobs in and read
 * outcomes without an API process.
 */
record DirectStore(JdbcClient jdbc, JdbcJobStore jobs, TenantRepository tenants) {

  static DirectStore on(String jdbcUrl) {
    var dataSource =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(), jdbcUrl, SharedPostgres.username(), "");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Clock clock = Clock.systemUTC();
    JdbcJobStore jobs =
        ai.omnix.pipeline.store.StandardJobHooks.repository(
            jdbc,
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            new WebhookRepository(jdbc, clock),
            clock);
    return new DirectStore(jdbc, jobs, new TenantRepository(jdbc, clock));
  }

  Tenant anEnterpriseTenant(String id) {
    return tenants.create(new TenantId(id), "Test", Plan.ENTERPRISE);
  }
}
