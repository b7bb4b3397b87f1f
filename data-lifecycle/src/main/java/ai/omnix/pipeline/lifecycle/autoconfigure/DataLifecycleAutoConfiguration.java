package ai.omnix.pipeline.lifecycle.autoconfigure;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DataKeyShredder;
import ai.omnix.pipeline.lifecycle.AdminOnlyLifecycleJobTypes;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.erasure.ErasureController;
import ai.omnix.pipeline.lifecycle.erasure.ErasureRequests;
import ai.omnix.pipeline.lifecycle.erasure.TenantErasureHandler;
import ai.omnix.pipeline.lifecycle.erasure.TenantErasureJobType;
import ai.omnix.pipeline.lifecycle.export.ExportController;
import ai.omnix.pipeline.lifecycle.export.TenantExportHandler;
import ai.omnix.pipeline.lifecycle.export.TenantExportJobType;
import ai.omnix.pipeline.lifecycle.retention.RetentionEnforcementJobType;
import ai.omnix.pipeline.lifecycle.retention.RetentionJobHandler;
import ai.omnix.pipeline.store.job.JobRepository;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The data lifecycle's job types in every role (admin only), their handlers in the worker role. */
@AutoConfiguration(
    afterName = {
      "ai.omnix.pipeline.store.autoconfigure.LifecycleStoreAutoConfiguration",
      "ai.omnix.pipeline.storage.autoconfigure.StorageAutoConfiguration",
      "ai.omnix.pipeline.batch.autoconfigure.BatchRunsAutoConfiguration",
      "ai.omnix.pipeline.api.autoconfigure.ApiAutoConfiguration"
    })
public class DataLifecycleAutoConfiguration {

  @Bean
  JobType retentionEnforcementJobType() {
    return RetentionEnforcementJobType.TYPE;
  }

  @Bean
  JobType tenantErasureJobType() {
    return TenantErasureJobType.TYPE;
  }

  @Bean
  JobType tenantExportJobType() {
    return TenantExportJobType.TYPE;
  }

  @Bean
  AdmissionPolicy adminOnlyLifecycleJobTypes() {
    return new AdminOnlyLifecycleJobTypes(
        Set.of(RetentionEnforcementJobType.NAME, TenantErasureJobType.NAME));
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  BlobBackends blobBackends(List<BlobStore> stores) {
    return new BlobBackends(stores);
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler retentionEnforcementJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      AuditLog audit,
      Clock clock) {
    return new RetentionJobHandler(runner, dataSource, backends, holds, audit, clock);
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler tenantErasureJobHandler(
      JdbcClient jdbc,
      TransactionTemplate tx,
      BlobBackends backends,
      LegalHolds holds,
      JobRepository jobs,
      TenantRepository tenants,
      AuditLog audit,
      Clock clock,
      ObjectProvider<DataKeyShredder> dataKeys) {
    return new TenantErasureHandler(
        jdbc, tx, backends, holds, jobs, tenants, audit, clock, dataKeys.getIfAvailable());
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler tenantExportJobHandler(JdbcClient jdbc, BlobBackends backends, AuditLog audit) {
    return new TenantExportHandler(jdbc, backends, audit);
  }

  /** The api role's part: the erasure and export endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "omnix.api.enabled", havingValue = "true", matchIfMissing = true)
  @Import({ErasureController.class, ExportController.class})
  static class ErasureApiConfiguration {

    @Bean
    ErasureRequests erasureRequests(
        JdbcClient jdbc,
        TransactionTemplate tx,
        TenantRepository tenants,
        JobRepository jobs,
        LegalHolds holds,
        Clock clock) {
      return new ErasureRequests(jdbc, tx, tenants, jobs, holds, clock);
    }
  }
}
