package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the lost-run sweeper needs: the runs that may be lost, and putting their jobs back.
 * Thread-safe.
 */
public interface RecoveryStore {

  /** A running attempt and the executor it runs on. */
  record RunningAttempt(JobId id, UUID runId, UUID executorId) {}

  /**
   * Dispatched, unfinished jobs not touched since {@code before}, least recently touched first:
   * candidates for the sweeper's check.
   */
  List<JobRecord> dispatchedNotUpdatedSince(Instant before, int limit);

  /** Running attempts that record their executor. */
  List<RunningAttempt> runningAttempts(int limit);

  /**
   * Returns a job whose run was lost to the queue as a fresh run, due at once; fails it {@code
   * worker_lost} when its attempts are used up, or ends it canceled when a cancel was requested.
   * Guarded by the run id. Empty when the run is not the job's current one or the job has ended.
   */
  Optional<JobRecord> recoverLostRun(JobId id, UUID runId);
}
