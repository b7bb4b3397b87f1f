package ai.omnix.pipeline.scheduler.runs;

import ai.omnix.pipeline.store.json.Json;
import java.time.Instant;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The Quartz job of every configured run: hands the fire to {@link ScheduledJobSubmitter}. */
public class ScheduledPipelineJob extends QuartzJobBean {
  static final String SCHEDULE = "schedule";
  static final String TYPE = "type";
  static final String PARAMS = "params";

  private final ScheduledJobSubmitter submitter;

  public ScheduledPipelineJob(ScheduledJobSubmitter submitter) {
    this.submitter = submitter;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    Instant fireTime =
        (context.getScheduledFireTime() != null
                ? context.getScheduledFireTime()
                : context.getFireTime())
            .toInstant();
    submitter.submit(
        data.getString(SCHEDULE),
        data.getString(TYPE),
        Json.readMap(data.getString(PARAMS)),
        fireTime);
  }
}
