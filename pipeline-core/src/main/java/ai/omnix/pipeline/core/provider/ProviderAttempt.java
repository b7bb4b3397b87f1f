package ai.omnix.pipeline.core.provider;

import ai.omnix.pipeline.core.job.JobId;
import java.time.Instant;
import java.util.UUID;

/**
 * One call of a job to an outside provider (an AI model API): which provider and model, the
 * provider's own request id, what it cost us and whether that cost is the one billed to the tenant.
 * At most one attempt per job is billed.
 *
 * @param costCredits what the provider charges us for this attempt, as far as known (0 while
 *     pending or when it failed without charging)
 * @param billed true for the attempt whose result the job delivered, and whose cost the tenant pays
 */
public record ProviderAttempt(
    UUID id,
    JobId jobId,
    String provider,
    String model,
    String requestId,
    Outcome outcome,
    long estimatedCredits,
    long costCredits,
    boolean billed,
    String errorCode,
    Instant startedAt,
    Instant finishedAt) {

  public enum Outcome {
    /** Sent, or accepted by the provider and not finished yet. */
    PENDING,
    /** Delivered the job's result. */
    SUCCEEDED,
    /** Failed; {@code errorCode} says how. */
    FAILED,
    /** Gave no answer in time; the job moved on to another provider. */
    TIMED_OUT,
    /** Delivered after the job had already adopted another attempt's result; kept unbilled. */
    DISCARDED,
    /** Abandoned because its job was canceled or finished otherwise. */
    ABANDONED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
