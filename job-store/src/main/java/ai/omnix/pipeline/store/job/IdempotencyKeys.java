package ai.omnix.pipeline.store.job;

import java.time.Instant;

/** Housekeeping of the submissions' idempotency keys (the scheduler's hourly purge). */
public interface IdempotencyKeys {

  /** Deletes the keys created before {@code createdBefore}; returns how many. */
  int purgeIdempotencyKeys(Instant createdBefore);
}
