package ai.omnix.pipeline.core.provider;

import ai.omnix.pipeline.core.job.JobId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The record of every provider attempt, kept against its job for tenants, operators and the billing
 * ledger. Implementations are thread-safe and durable before they return.
 */
public interface ProviderAttemptLog {

  /** Records an attempt about to be sent; returns its id. */
  UUID start(JobId job, String provider, String model, long estimatedCredits);

  /**
   * Records an attempt about to be sent only if the provider, across every worker, is working on
   * fewer than {@code maxInFlight} attempts (pending and not {@link #completed}); otherwise records
   * nothing, and a job that got nothing can {@link #awaitCapacity} to be woken when a slot frees.
   */
  Optional<UUID> startWithin(
      JobId job, String provider, String model, long estimatedCredits, int maxInFlight);

  /**
   * How many attempts the provider is working on across every worker: pending and not {@link
   * #completed}, as {@link #startWithin} counts them. A read, so that a job can see the provider is
   * full before spending anything else (a rate-limit token) on a submit that would get no slot.
   */
  int inFlight(String provider);

  /**
   * Queues the job for a slot at the provider, keeping its place if it already waits. Each freed
   * slot wakes the oldest waiter not yet woken (made due at once). Waking is a hint: a waiting job
   * must also come back on its own after a while.
   */
  void awaitCapacity(JobId job, String provider);

  /**
   * The provider is done with the attempt (its result is ready, or it failed): it no longer counts
   * against the provider's {@code maxInFlight}, though it stays pending until {@link #finish}.
   */
  void completed(UUID attempt);

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
