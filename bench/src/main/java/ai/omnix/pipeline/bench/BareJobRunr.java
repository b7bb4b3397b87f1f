package ai.omnix.pipeline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * The baseline: JobRunr alone, configured with its own fluent API on its own database, with the
 * same connection pool size (20) and, when it runs jobs, the same worker count, poll interval (5 s)
 * and server timeout multiplicand (4) as our application. No dashboard, no JobActivator (handlers
 * are created by reflection).
 */
final class BareJobRunr implements AutoCloseable {
  final HikariDataSource dataSource;
  final StorageProvider storage;
  final JobRequestScheduler scheduler;

  private BareJobRunr(
      HikariDataSource dataSource, StorageProvider storage, JobRequestScheduler scheduler) {
    this.dataSource = dataSource;
    this.storage = storage;
    this.scheduler = scheduler;
  }

  /** Starts JobRunr; with {@code workerCount > 0} also a background job server. */
  static BareJobRunr start(String jdbcUrl, int workerCount) {
    Logs.quiet();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername("postgres");
    hikari.setPassword("");
    hikari.setMaximumPoolSize(20);
    hikari.setPoolName("bare-jobrunr");
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      StorageProvider storage = new PostgresStorageProvider(dataSource);
      JobRunrConfiguration configuration = JobRunr.configure().useStorageProvider(storage);
      if (workerCount > 0) {
        configuration.useBackgroundJobServer(
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(workerCount)
                .andPollInterval(Duration.ofSeconds(5))
                .andServerTimeoutPollIntervalMultiplicand(4));
      }
      JobRequestScheduler scheduler = configuration.initialize().getJobRequestScheduler();
      return new BareJobRunr(dataSource, storage, scheduler);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      JobRunr.destroy();
    } finally {
      dataSource.close();
    }
  }
}
