package ai.omnix.pipeline.workers.jobrunr;

/**
 * Thrown to JobRunr when the job was canceled during its run; {@link PipelineRunStateFilter} turns
 * the FAILED state it would cause into DELETED, JobRunr's own word for a job stopped on purpose.
 */
public final class RunCanceledException extends RuntimeException {
  public RunCanceledException() {
    super("canceled: the job was canceled during this run", null, false, false);
  }
}
