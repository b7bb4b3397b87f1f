package ai.omnix.pipeline.workers.run;

/**
 * What one run of a job ended as, so the executor can record the same truth as the store (JobRunr
 * shows a failed attempt as FAILED, a canceled one as deleted).
 *
 * @param kind how the attempt ended
 * @param code the error code of a failed attempt ({@code null} otherwise)
 * @param message the tenant-visible message of a failed attempt ({@code null} otherwise)
 */
public record RunOutcome(Kind kind, String code, String message) {

  public enum Kind {
    /** The handler finished and the job succeeded. */
    SUCCEEDED,
    /** The attempt failed and the job failed for good. */
    FAILED,
    /** The attempt failed; the job is queued again and its next attempt is a new run. */
    RETRY_SCHEDULED,
    /** The job was canceled during (or before) this attempt. */
    CANCELED,
    /** The job waits (for example for provider capacity) and resumes as a new run. */
    SUSPENDED,
    /** The run was stale (the job was finished or given to another run): nothing was done. */
    SKIPPED
  }

  public static final RunOutcome SUCCEEDED = new RunOutcome(Kind.SUCCEEDED, null, null);
  public static final RunOutcome CANCELED = new RunOutcome(Kind.CANCELED, null, null);
  public static final RunOutcome SUSPENDED = new RunOutcome(Kind.SUSPENDED, null, null);
  public static final RunOutcome SKIPPED = new RunOutcome(Kind.SKIPPED, null, null);

  static RunOutcome failed(String code, String message) {
    return new RunOutcome(Kind.FAILED, code, message);
  }

  static RunOutcome retryScheduled(String code, String message) {
    return new RunOutcome(Kind.RETRY_SCHEDULED, code, message);
  }

  /** Whether the attempt itself failed (whether or not the job is retried). */
  public boolean attemptFailed() {
    return kind == Kind.FAILED || kind == Kind.RETRY_SCHEDULED;
  }
}
