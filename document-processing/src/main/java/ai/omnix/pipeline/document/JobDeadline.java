package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.time.Duration;

/**
 * A job's hard time limit together with its cancel flag. Parsing loops call {@link #check()} often
 * (per page, per SAX event); it throws {@code document_timeout} once the limit has passed and a
 * cancel exception once canceled.
 */
public final class JobDeadline {
  private final long deadlineNanos;
  private final Duration limit;
  private final JobExecution execution;

  private JobDeadline(Duration limit, JobExecution execution) {
    this.limit = limit;
    this.execution = execution;
    this.deadlineNanos = System.nanoTime() + limit.toNanos();
  }

  /** Starts the clock now; {@code execution} may be null outside a job. */
  public static JobDeadline start(Duration limit, JobExecution execution) {
    return new JobDeadline(limit, execution);
  }

  public void check() {
    if (execution != null) {
      execution.throwIfCanceled();
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new JobFailedException(
          DocumentFailures.TIMEOUT,
          "The document took longer than the limit of " + limit.toSeconds() + " s.",
          false);
    }
  }
}
