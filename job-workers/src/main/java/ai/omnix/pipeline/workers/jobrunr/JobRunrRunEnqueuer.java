package ai.omnix.pipeline.workers.jobrunr;

import ai.omnix.pipeline.workers.run.RunEnqueuer;
import java.util.List;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;

/**
 * Hands runs to JobRunr with the run id as JobRunr's job id (JobRunr ignores an id it already has),
 * a readable name and labels for the dashboard: {@code job:<id>} links every run (attempt) of one
 * job, then tenant and type (JobRunr allows three labels). JobRunr never retries a run: a retry is
 * our dispatcher's decision and a new run; a run that fails before reaching the store is queued
 * again by the lost-run sweeper.
 */
public final class JobRunrRunEnqueuer implements RunEnqueuer {
  private static final int MAX_LABEL = 44;

  private final JobRequestScheduler scheduler;

  public JobRunrRunEnqueuer(JobRequestScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void enqueue(List<Run> runs) {
    if (runs.size() == 1) {
      scheduler.create(builder(runs.get(0)));
    } else {
      scheduler.create(runs.stream().map(JobRunrRunEnqueuer::builder));
    }
  }

  private static JobBuilder builder(Run run) {
    return JobBuilder.aJob()
        .withId(run.runId())
        .withName(
            run.type()
                + " job "
                + run.jobId()
                + " for tenant "
                + run.tenantId()
                + " ("
                + run.queueClass()
                + ")")
        .withLabels(
            label("job:" + run.jobId()),
            label("tenant:" + run.tenantId()),
            label("type:" + run.type()))
        .withAmountOfRetries(0)
        .withJobRequest(new PipelineRun(run.jobId(), run.runId()));
  }

  private static String label(String text) {
    return text.length() <= MAX_LABEL ? text : text.substring(0, MAX_LABEL);
  }
}
