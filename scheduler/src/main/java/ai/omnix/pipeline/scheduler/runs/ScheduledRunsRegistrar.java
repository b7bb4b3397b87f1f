package ai.omnix.pipeline.scheduler.runs;

import ai.omnix.pipeline.store.json.Json;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each configured run ({@code omnix.scheduler.runs.<name>}) into the clustered Quartz store as
 * a cron trigger in UTC, replacing a changed definition. Every scheduler process does this at
 * start; the store is shared, so they agree.
 */
public final class ScheduledRunsRegistrar {
  private static final Logger log = LoggerFactory.getLogger(ScheduledRunsRegistrar.class);
  private static final String GROUP = "pipeline-runs";

  private final Scheduler scheduler;
  private final Map<String, ScheduledRun> runs;

  public ScheduledRunsRegistrar(Scheduler scheduler, Map<String, ScheduledRun> runs) {
    this.scheduler = scheduler;
    this.runs = Map.copyOf(runs);
  }

  public void register() throws SchedulerException {
    for (Map.Entry<String, ScheduledRun> entry : runs.entrySet()) {
      String name = entry.getKey();
      ScheduledRun run = entry.getValue();
      JobDetail detail =
          JobBuilder.newJob(ScheduledPipelineJob.class)
              .withIdentity(name, GROUP)
              .withDescription("submits a " + run.type() + " pipeline job")
              .usingJobData(ScheduledPipelineJob.SCHEDULE, name)
              .usingJobData(ScheduledPipelineJob.TYPE, run.type())
              .usingJobData(ScheduledPipelineJob.PARAMS, Json.write(run.params()))
              .storeDurably()
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .forJob(detail)
              .withIdentity(name, GROUP)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(run.cron())
                      .inTimeZone(TimeZone.getTimeZone("UTC"))
                      .withMisfireHandlingInstructionFireAndProceed())
              .build();
      scheduler.addJob(detail, true);
      try {
        if (scheduler.checkExists(TriggerKey.triggerKey(name, GROUP))) {
          scheduler.rescheduleJob(TriggerKey.triggerKey(name, GROUP), trigger);
        } else {
          scheduler.scheduleJob(trigger);
        }
      } catch (ObjectAlreadyExistsException e) {
        // another scheduler process registered it at the same moment
      }
      log.info("scheduled run {}: {} at cron '{}' (UTC)", name, run.type(), run.cron());
    }
    for (JobKey key :
        scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(GROUP))) {
      if (!runs.containsKey(key.getName())) {
        scheduler.deleteJob(key);
        log.info("scheduled run {} is no longer configured: removed", key.getName());
      }
    }
  }
}
