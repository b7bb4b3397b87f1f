package ai.omnix.pipeline.launcher;

import static ai.omnix.pipeline.launcher.PipelineTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database goes away for several seconds while a worker runs jobs and comes back on the same
 * address with the same data: every accepted job still ends succeeded.
 */
class DatabaseRestartIT {
  private static final Duration OUTAGE = Duration.ofSeconds(8);

  @TempDir Path dataDir;

  private EmbeddedPostgres startDatabase(int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .start();
  }

  private static JdbcJobStore jobsOn(String url) {
    var dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, "postgres", "");
    JdbcClient jdbc = JdbcClient.create(dataSource);
    return ai.omnix.pipeline.store.StandardJobHooks.repository(
        jdbc,
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        new WebhookRepository(jdbc, Clock.systemUTC()),
        Clock.systemUTC());
  }

  private static NewJob aSleepingJob(Tenant tenant, int millis) {
    return new NewJob(
        JobId.random(),
        tenant,
        new JobSubmission("noop", JobInput.none(), Map.of("sleep_ms", millis), null, Map.of(), 0),
        QueueClass.LIGHT,
        3,
        0,
        null,
        null);
  }

  @Test
  void jobsAcceptedBeforeAndAfterADatabaseRestartAllSucceed() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres database = startDatabase(port);
    String url = database.getJdbcUrl("postgres", "postgres");
    try (WorkerProcess worker = WorkerProcess.start("worker", url, "restart")) {
      JdbcClient jdbc =
          JdbcClient.create(
              new SimpleDriverDataSource(new org.postgresql.Driver(), url, "postgres", ""));
      Tenant tenant =
          new TenantRepository(jdbc, Clock.systemUTC())
              .create(new TenantId("restart"), "R", Plan.ENTERPRISE);
      JdbcJobStore jobs = jobsOn(url);
      for (int i = 0; i < 4; i++) {
        jobs.insert(aSleepingJob(tenant, 3_000));
      }
      await(
          Duration.ofSeconds(60),
          () ->
              jdbc.sql("select count(*) from jobs where status = 'running'")
                  .query(Integer.class)
                  .single(),
          n -> n >= 1,
          "a job to run");

      database.close();
      Thread.sleep(OUTAGE.toMillis());
      database = startDatabase(port);

      for (int i = 0; i < 2; i++) {
        jobs.insert(aSleepingJob(tenant, 500));
      }
      await(
          Duration.ofSeconds(180),
          () ->
              jdbc.sql("select count(*) from jobs where status = 'succeeded'")
                  .query(Integer.class)
                  .single(),
          n -> n == 6,
          "all six jobs to succeed (see " + worker.log() + ")");
      assertThat(
              jdbc.sql("select count(*) from job_effects where effect_key = 'completed'")
                  .query(Integer.class)
                  .single())
          .isEqualTo(6);
    } finally {
      database.close();
    }
  }
}
