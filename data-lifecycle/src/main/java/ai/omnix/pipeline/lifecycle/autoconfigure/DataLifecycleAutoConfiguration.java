package ai.omnix.pipeline.lifecycle.autoconfigure;

import ai.omnix.pipeline.api.lifecycle.LineageDeletionJobs;
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
import ai.omnix.pipeline.lifecycle.retention.AssetDeletionJobHandler;
import ai.omnix.pipeline.lifecycle.retention.AssetDeletionJobType;
import ai.omnix.pipeline.lifecycle.retention.AssetDeletionJobs;
import ai.omnix.pipeline.lifecycle.retention.RetentionEnforcementJobType;
import ai.omnix.pipeline.lifecycle.retention.RetentionJobHandler;
import ai.omnix.pipeline.lifecycle.retention.ScratchSweeper;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
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
  JobType assetDeletionJobType() {
    return AssetDeletionJobType.TYPE;
  }

  @Bean
  AdmissionPolicy adminOnlyLifecycleJobTypes() {
    return new AdminOnlyLifecycleJobTypes(
        Set.of(
            RetentionEnforcementJobType.NAME,
            TenantErasureJobType.NAME,
            AssetDeletionJobType.NAME));
  }

  /**
   * The API's {@code DELETE /v1/assets/{id}} starts an {@code asset-deletion} for large lineages.
   */
  @Bean
  LineageDeletionJobs assetDeletionJobs(JobSubmissions jobs) {
    return new AssetDeletionJobs(jobs);
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler assetDeletionJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      Clock clock) {
    return new AssetDeletionJobHandler(runner, dataSource, backends, holds, clock);
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
      Clock clock,
      Environment environment) {
    return new RetentionJobHandler(
        runner, dataSource, backends, holds, audit, clock, scratchSweeper(environment, clock));
  }

  /**
   * The local leftovers this worker sweeps: resumable uploads (kept at least as long as tus keeps
   * an untouched upload) and media job workspaces, older than {@code
   * omnix.lifecycle.scratch-max-age} (default 24 h).
   */
  static ScratchSweeper scratchSweeper(Environment environment, Clock clock) {
    Duration maxAge =
        environment.getProperty(
            "omnix.lifecycle.scratch-max-age", Duration.class, Duration.ofHours(24));
    Duration tusExpiry =
        environment.getProperty(
            "omnix.uploads.resumable-expiry", Duration.class, Duration.ofHours(24));
    Duration tusAge = maxAge.compareTo(tusExpiry) >= 0 ? maxAge : tusExpiry;
    Path tus =
        Path.of(
            environment.getProperty(
                "omnix.uploads.resumable-directory",
                Path.of(environment.getProperty("omnix.data-dir", "data"), "uploads").toString()));
    Path media =
        Path.of(
            environment.getProperty(
                "omnix.media.work-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "omnix-media").toString()));
    return new ScratchSweeper(
        List.of(
            new ScratchSweeper.Area("tus-uploads", tus.resolve("uploads"), null, tusAge),
            new ScratchSweeper.Area("tus-locks", tus.resolve("locks"), null, tusAge),
            new ScratchSweeper.Area("media-workspaces", media, "job-", maxAge)),
        clock);
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler tenantErasureJobHandler(
      JdbcClient jdbc,
      TransactionTemplate tx,
      BlobBackends backends,
      LegalHolds holds,
      JobSubmissions jobs,
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
        JobSubmissions jobs,
        LegalHolds holds,
        Clock clock) {
      return new ErasureRequests(jdbc, tx, tenants, jobs, holds, clock);
    }
  }
}
