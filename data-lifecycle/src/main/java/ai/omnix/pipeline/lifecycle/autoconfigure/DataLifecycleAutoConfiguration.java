package ai.omnix.pipeline.lifecycle.autoconfigure;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.lifecycle.AdminOnlyLifecycleJobTypes;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.retention.RetentionEnforcementJobType;
import ai.omnix.pipeline.lifecycle.retention.RetentionJobHandler;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** The data lifecycle's job types in every role (admin only), their handlers in the worker role. */
@AutoConfiguration(
    afterName = {
      "ai.omnix.pipeline.store.autoconfigure.LifecycleStoreAutoConfiguration",
      "ai.omnix.pipeline.storage.autoconfigure.StorageAutoConfiguration",
      "ai.omnix.pipeline.batch.autoconfigure.BatchRunsAutoConfiguration"
    })
public class DataLifecycleAutoConfiguration {

  @Bean
  JobType retentionEnforcementJobType() {
    return RetentionEnforcementJobType.TYPE;
  }

  @Bean
  AdmissionPolicy adminOnlyLifecycleJobTypes() {
    return new AdminOnlyLifecycleJobTypes(Set.of(RetentionEnforcementJobType.NAME));
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
}
