package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Optional;

/**
 * What a client's request does to jobs: submit one, cancel one. Called by the API, the scheduler's
 * scheduled runs and the data lifecycle's erasure requests. Implementations are thread-safe.
 */
public interface JobSubmissions {

  /** Outcome of an insert under an idempotency key. */
  sealed interface Inserted {
    JobRecord job();
  }

  record Created(JobRecord job) implements Inserted {}

  /** The key was used before with the same request: this is the job it created. */
  record Replayed(JobRecord job) implements Inserted {}

  /** The key was used before with a different request. */
  record KeyConflict(JobRecord job) implements Inserted {}

  /**
   * Stores a queued job with its first event and runs the accept hooks, in one transaction; with an
   * idempotency key, a repeated request gets the job it created ({@link Replayed}) and a different
   * request under the same key gets {@link KeyConflict}. A refusing accept hook's {@code
   * JobRefusedException} propagates and nothing is stored.
   */
  Inserted insert(NewJob job);

  /**
   * Cancels a tenant's job. A job not yet dispatched, or dispatched but not started, ends at once
   * (the end hooks run); a running job is flagged and its worker stops it. Returns the job as it
   * stands after the request, or empty when it is not the tenant's.
   */
  Optional<JobRecord> requestCancel(TenantId tenant, JobId id);
}
