package ai.omnix.pipeline.core.provider;

import ai.omnix.pipeline.core.job.JobId;
import java.util.List;
import java.util.UUID;

/**
 * The record of every provider attempt, kept against its job for tenants, operators and the billing
 * ledger. Implementations are thread-safe and durable before they return.
 */
public interface ProviderAttemptLog {

  /** Records an attempt about to be sent; returns its id. */
  UUID start(JobId job, String provider, String model, long estimatedCredits);

  /** The provider accepted the attempt under its own request (or operation) id. */
  void accepted(UUID attempt, String requestId);

  /**
   * Ends a pending attempt. A {@code SUCCEEDED} outcome bills the attempt, unless another attempt
   * of the same job is billed already: then it is recorded {@code DISCARDED} instead and this
   * returns false. Ending an attempt that already ended changes nothing and returns false.
   *
   * @return true when the outcome was recorded as given
   */
  boolean finish(UUID attempt, ProviderAttempt.Outcome outcome, long costCredits, String errorCode);

  /** The job's attempts, oldest first. */
  List<ProviderAttempt> forJob(JobId job);
}
