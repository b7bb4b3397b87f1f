package ai.omnix.pipeline.core.job.handler;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler that waits on something outside (a provider's long-running operation) to give
 * its worker thread back: the job stays {@code running} for its tenant, leaves its slot, and runs
 * again after {@link #resumeAfter()} with the checkpoint it saved ({@link
 * JobExecution#saveCheckpoint}). A suspension does not use up one of the job's attempts.
 */
public class JobSuspendedException extends RuntimeException {
  private final Duration resumeAfter;
  private final String reason;

  public JobSuspendedException(Duration resumeAfter, String reason) {
    super("job suspended: " + reason, null, false, false);
    if (resumeAfter.isNegative()) {
      throw new IllegalArgumentException("resumeAfter must not be negative");
    }
    this.resumeAfter = resumeAfter;
    this.reason = Objects.requireNonNull(reason);
  }

  public Duration resumeAfter() {
    return resumeAfter;
  }

  /** Shown to the tenant in the job's events, such as {@code waiting_for_provider}. */
  public String reason() {
    return reason;
  }
}
