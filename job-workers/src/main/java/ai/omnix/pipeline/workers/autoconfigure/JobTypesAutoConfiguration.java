package ai.omnix.pipeline.workers.autoconfigure;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.workers.builtin.NoopJobHandler;
import ai.omnix.pipeline.workers.builtin.NoopJobType;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The job-type registry, built in every role from all {@link JobType} and {@link JobHandler} beans:
 * a process with a type that has no handler (or two) refuses to start.
 */
@AutoConfiguration
@EnableConfigurationProperties(OutboundProperties.class)
public class JobTypesAutoConfiguration {

  @Bean
  JobType noopJobType() {
    return NoopJobType.light();
  }

  @Bean
  JobType noopHeavyJobType() {
    return NoopJobType.heavy();
  }

  @Bean
  JobHandler noopJobHandler() {
    return new NoopJobHandler("noop");
  }

  @Bean
  JobHandler noopHeavyJobHandler() {
    return new NoopJobHandler("noop-heavy");
  }

  @Bean
  JobType verifyAssetJobType() {
    return new ai.omnix.pipeline.workers.builtin.VerifyAssetJobType();
  }

  @Bean
  JobHandler verifyAssetJobHandler(
      ai.omnix.pipeline.store.asset.AssetRepository assets,
      ai.omnix.pipeline.core.storage.BlobStore blobs) {
    return new ai.omnix.pipeline.workers.builtin.VerifyAssetJobHandler(assets, blobs);
  }

  @Bean
  JobTypeRegistry jobTypeRegistry(List<JobType> types, List<JobHandler> handlers) {
    return new JobTypeRegistry(types, handlers);
  }

  @Bean
  OutboundAddressPolicy outboundAddressPolicy(OutboundProperties properties) {
    return new OutboundAddressPolicy(properties.allowedCidrs().stream().map(Cidr::parse).toList());
  }
}
