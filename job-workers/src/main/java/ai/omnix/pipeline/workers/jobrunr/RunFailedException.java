package ai.omnix.pipeline.workers.jobrunr;

/**
 * Thrown to JobRunr when an attempt failed, so its run ends FAILED with our error code and message
 * (the job's own status is already recorded in the store). Carries no stack trace: the failure is a
 * result, not a bug in this class.
 */
public final class RunFailedException extends RuntimeException {
  private final String code;

  public RunFailedException(String code, String message, boolean retryScheduled) {
    super(
        code
            + ": "
            + message
            + (retryScheduled ? " (the job is retried as a new run)" : " (the job failed)"),
        null,
        false,
        false);
    this.code = code;
  }

  /** Our error code, for example {@code noop_failed}. */
  public String code() {
    return code;
  }
}
