package ai.omnix.pipeline.core.job.handler;

/** Thrown inside a handler when its job was canceled; the job ends {@code canceled}, not failed. */
public class JobCanceledException extends RuntimeException {
  public JobCanceledException() {
    super("job canceled", null, false, false);
  }
}
