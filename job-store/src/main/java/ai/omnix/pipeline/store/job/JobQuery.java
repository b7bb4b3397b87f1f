package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A filter over one tenant's jobs, newest first. The cursor is the (created_at, id) of the last job
 * of the previous page, so pages stay stable while new jobs arrive.
 */
public record JobQuery(
    JobStatus status,
    String type,
    Instant createdFrom,
    Instant createdTo,
    Instant cursorCreatedAt,
    UUID cursorId,
    int limit,
    UUID parentJobId) {

  public JobQuery(
      JobStatus status,
      String type,
      Instant createdFrom,
      Instant createdTo,
      Instant cursorCreatedAt,
      UUID cursorId,
      int limit) {
    this(status, type, createdFrom, createdTo, cursorCreatedAt, cursorId, limit, null);
  }
}
