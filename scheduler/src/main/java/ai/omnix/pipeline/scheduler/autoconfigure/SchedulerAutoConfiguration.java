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
