package ai.omnix.pipeline.scheduler.autoconfigure;

import ai.omnix.pipeline.scheduler.housekeeping.IdempotencyKeyPurgeJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Scheduled housekeeping, run by clustered Quartz in the scheduler role. */
@AutoConfiguration(
    beforeName = "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
@EnableConfigurationProperties(SchedulerProperties.class)
public class SchedulerAutoConfiguration {

  @Bean
  ai.omnix.pipeline.scheduler.runs.ScheduledJobSubmitter scheduledJobSubmitter(
      ai.omnix.pipeline.store.job.JobSubmissions jobs,
      ai.omnix.pipeline.store.tenant.TenantRepository tenants,
      ai.omnix.pipeline.core.job.type.JobTypeRegistry registry) {
    return new ai.omnix.pipeline.scheduler.runs.ScheduledJobSubmitter(jobs, tenants, registry);
  }

  /** Registers the configured runs in the scheduler role, once Quartz is up. */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
      name = "omnix.scheduler.enabled",
      havingValue = "true",
      matchIfMissing = true)
  org.springframework.context.ApplicationListener<
          org.springframework.boot.context.event.ApplicationReadyEvent>
      scheduledRunsRegistrar(org.quartz.Scheduler scheduler, SchedulerProperties properties) {
    return event -> {
      try {
        new ai.omnix.pipeline.scheduler.runs.ScheduledRunsRegistrar(scheduler, properties.runs())
            .register();
      } catch (org.quartz.SchedulerException e) {
        throw new IllegalStateException("could not register the scheduled runs", e);
      }
    };
  }

  @Bean
  ai.omnix.pipeline.scheduler.housekeeping.IdempotencyKeyRetention idempotencyKeyRetention(
      SchedulerProperties properties) {
    return new ai.omnix.pipeline.scheduler.housekeeping.IdempotencyKeyRetention(
        properties.idempotencyKeyRetention());
  }

  @Bean
  JobDetail idempotencyKeyPurgeJob() {
    return JobBuilder.newJob(IdempotencyKeyPurgeJob.class)
        .withIdentity("idempotency-key-purge", "housekeeping")
        .withDescription("Forgets idempotency keys past their retention")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger idempotencyKeyPurgeTrigger(JobDetail idempotencyKeyPurgeJob) {
    return TriggerBuilder.newTrigger()
        .forJob(idempotencyKeyPurgeJob)
        .withIdentity("idempotency-key-purge-hourly", "housekeeping")
        .withSchedule(
            SimpleScheduleBuilder.repeatHourlyForever()
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
