package ai.omnix.pipeline.workers.autoconfigure;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.workers.builtin.NoopJobHandler;
import ai.omnix.pipeline.workers.builtin.NoopJobType;
import ai.omnix.pipeline.workers.builtin.VerifyAssetJobHandler;
import ai.omnix.pipeline.workers.builtin.VerifyAssetJobType;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The job-type registry, built in every role from all {@link JobType} beans. Handlers are beans
 * only in the worker role ({@code omnix.worker.enabled}, each module declares them under that
 * condition): there the registry pairs every type with exactly one handler, or the process refuses
 * to start; a process without the worker role knows the types (to validate and list them) and
 * builds no handler.
 */
@AutoConfiguration
@EnableConfigurationProperties(OutboundProperties.class)
public class JobTypesAutoConfiguration {
  /** The property that turns the worker role on; handler beans are conditional on it. */
  public static final String WORKER_ROLE = "omnix.worker.enabled";

  @Bean
  JobType noopJobType() {
    return NoopJobType.light();
  }

  @Bean
  JobType noopHeavyJobType() {
    return NoopJobType.heavy();
  }

  @Bean
  JobType verifyAssetJobType() {
    return VerifyAssetJobType.TYPE;
  }

  @Bean
  JobTypeRegistry jobTypeRegistry(
      List<JobType> types, ObjectProvider<JobHandler> handlers, Environment environment) {
    boolean worker = environment.getProperty(WORKER_ROLE, Boolean.class, true);
    return worker
        ? new JobTypeRegistry(types, handlers.orderedStream().toList())
        : JobTypeRegistry.typesOnly(types);
  }

  @Bean
  OutboundAddressPolicy outboundAddressPolicy(OutboundProperties properties) {
    return new OutboundAddressPolicy(properties.allowedCidrs().stream().map(Cidr::parse).toList());
  }

  /** The built-in types' handlers, in the worker role only. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = WORKER_ROLE, havingValue = "true", matchIfMissing = true)
  static class BuiltinHandlers {
    @Bean
    JobHandler noopJobHandler() {
      return new NoopJobHandler("noop");
    }

    @Bean
    JobHandler noopHeavyJobHandler() {
      return new NoopJobHandler("noop-heavy");
    }

    @Bean
    JobHandler verifyAssetJobHandler() {
      return new VerifyAssetJobHandler();
    }
  }
}
