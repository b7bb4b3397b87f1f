package ai.omnix.pipeline.store.autoconfigure;

import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.store.job.FollowUpHook;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.ProviderCapacityHook;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookOutboxHook;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The job store's repositories over the application's DataSource. */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
    })
public class JobStoreAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  JdbcClient jdbcClient(DataSource dataSource) {
    return JdbcClient.create(dataSource);
  }

  @Bean
  @ConditionalOnMissingBean
  TransactionTemplate transactionTemplate(DataSource dataSource) {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @Bean
  TenantRepository tenantRepository(JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
    return new TenantRepository(jdbc, clock, tx);
  }

  @Bean
  ai.omnix.pipeline.store.job.JobOutputs jobOutputs(JdbcClient jdbc) {
    return new ai.omnix.pipeline.store.job.JobOutputs(jdbc);
  }

  @Bean
  WebhookRepository webhookRepository(JdbcClient jdbc, Clock clock) {
    return new WebhookRepository(jdbc, clock);
  }

  @Bean
  ai.omnix.pipeline.store.asset.AssetRepository assetRepository(JdbcClient jdbc, Clock clock) {
    return new ai.omnix.pipeline.store.asset.AssetRepository(jdbc, clock);
  }

  @Bean
  ProviderCapacityHook providerCapacityHook(JdbcClient jdbc) {
    return new ProviderCapacityHook(jdbc);
  }

  @Bean
  WebhookOutboxHook webhookOutboxHook(JdbcClient jdbc, WebhookRepository webhooks) {
    return new WebhookOutboxHook(jdbc, webhooks);
  }

  @Bean
  FollowUpHook followUpHook(
      JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<JobAcceptHook> acceptHooks) {
    return new FollowUpHook(jdbc, tx, acceptHooks.orderedStream().toList());
  }

  /**
   * Every {@link JobAcceptHook} and {@link JobEndHook} bean joins the repository's transactions: a
   * module adds an effect of accepting or ending a job by declaring a hook bean.
   */
  @Bean
  JdbcJobStore pipelineJobStore(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      ObjectProvider<JobAcceptHook> acceptHooks,
      ObjectProvider<JobEndHook> endHooks) {
    return new JdbcJobStore(
        jdbc, tx, clock, acceptHooks.orderedStream().toList(), endHooks.orderedStream().toList());
  }

  @Bean
  ai.omnix.pipeline.store.worker.WorkerJobTypes workerJobTypes(JdbcClient jdbc, Clock clock) {
    return new ai.omnix.pipeline.store.worker.WorkerJobTypes(jdbc, clock);
  }

  @Bean
  ai.omnix.pipeline.core.provider.ProviderAttemptLog providerAttemptLog(
      JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new ai.omnix.pipeline.store.provider.JdbcProviderAttemptLog(jdbc, tx, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  ai.omnix.pipeline.core.provider.RateLimiter rateLimiter(DataSource dataSource, Clock clock) {
    return new ai.omnix.pipeline.store.ratelimit.PostgresRateLimiter(dataSource, clock);
  }
}
