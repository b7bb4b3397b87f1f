package ai.omnix.pipeline.workers.jobrunr;

import ai.omnix.pipeline.workers.run.JobRunner;
import ai.omnix.pipeline.workers.run.RunOutcome;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * JobRunr's entry point for a run; all the work is in {@link JobRunner}. The run's JobRunr state
 * tells the same story as the store: a failed attempt ends FAILED with our code and message, a
 * canceled one DELETED, a succeeded, suspended or stale one SUCCEEDED.
 */
public class PipelineRunHandler implements JobRequestHandler<PipelineRun> {
  private final JobRunner runner;

  public PipelineRunHandler(JobRunner runner) {
    this.runner = runner;
  }

  @Override
  public void run(PipelineRun run) {
    RunOutcome outcome = runner.run(run.jobId(), run.runId());
    if (outcome.attemptFailed()) {
      throw new RunFailedException(
          outcome.code(), outcome.message(), outcome.kind() == RunOutcome.Kind.RETRY_SCHEDULED);
    }
    if (outcome.kind() == RunOutcome.Kind.CANCELED) {
      throw new RunCanceledException();
    }
  }
}
