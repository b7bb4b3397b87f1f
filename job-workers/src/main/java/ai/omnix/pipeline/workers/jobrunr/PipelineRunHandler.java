package ai.omnix.pipeline.workers.jobrunr;

import ai.omnix.pipeline.workers.run.JobRunner;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** JobRunr's entry point for a run; all the work is in {@link JobRunner}. */
public class PipelineRunHandler implements JobRequestHandler<PipelineRun> {
  private final JobRunner runner;

  public PipelineRunHandler(JobRunner runner) {
    this.runner = runner;
  }

  @Override
  public void run(PipelineRun run) {
    runner.run(run.jobId(), run.runId());
  }
}
