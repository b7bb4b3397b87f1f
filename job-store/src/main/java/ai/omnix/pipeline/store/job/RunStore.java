package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobResult;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a worker does with one run of a job: claim it, report from inside it, and record how it
 * ended. Every call is guarded by the run id: a stale run (one the job moved on from) changes
 * nothing and gets empty or false. The terminal calls ({@link #succeed}, {@link #fail}, {@link
 * #markCanceled}) run every end-of-job hook ({@code JobEndHook}) in the transaction that ends the
 * job. Thread-safe.
 */
public interface RunStore {

  /**
   * Starts an attempt: only the current run of a queued or running job may claim it (running covers
   * the re-run of an attempt whose worker died); counts the attempt. Returns empty for a stale run
   * or a finished job, which the caller then skips.
   */
  Optional<JobRecord> claim(JobId id, UUID runId, String worker, UUID executorId);

  /** As {@link #claim(JobId, UUID, String, UUID)} without an executor. */
  default Optional<JobRecord> claim(JobId id, UUID runId, String worker) {
    return claim(id, runId, worker, null);
  }

  /**
   * Gives back a claimed attempt this worker cannot run (it has no handler for the job's type): the
   * job returns to the queue, not before {@code runAfter}, and the attempt does not count.
   */
  Optional<JobRecord> handBack(JobId id, UUID runId, String worker, Instant runAfter);

  /**
   * Records a running attempt's progress; false when the run is stale. Progress never goes back
   * within an attempt: a lower or equal value is neither stored nor emitted as an event.
   */
  boolean reportProgress(JobId id, UUID runId, int percent);

  /** Saves a running attempt's checkpoint; false when the run is stale. */
  boolean saveCheckpoint(JobId id, UUID runId, Map<String, Object> checkpoint);

  /**
   * Records a side effect of a job once. Returns true when this call recorded it, false when an
   * earlier attempt had.
   */
  boolean recordEffect(JobId id, String effectKey, int attempt);

  /** Of the given jobs, those whose cancel was requested. */
  List<JobId> cancelRequested(Collection<JobId> ids);

  /** Ends the job succeeded with its result (progress 100), running the end hooks. */
  Optional<JobRecord> succeed(JobId id, UUID runId, JobResult result);

  /** Ends the job failed, running the end hooks. */
  Optional<JobRecord> fail(JobId id, UUID runId, JobFailure failure);

  /** Ends the job canceled, running the end hooks. */
  Optional<JobRecord> markCanceled(JobId id, UUID runId);

  /**
   * Puts a failed attempt back in the queue, to be dispatched again as a new run not before {@code
   * runAfter}.
   */
  Optional<JobRecord> retryLater(JobId id, UUID runId, JobFailure failure, Instant runAfter);

  /**
   * Gives a running attempt's slot back while its job waits on something outside: the job stays
   * running, is dispatched again as a new run not before {@code resumeAt} (at once if a provider
   * slot was freed for it meanwhile), and the suspended run does not count as an attempt. A cancel
   * requested meanwhile ends the job canceled instead.
   */
  Optional<JobRecord> suspend(JobId id, UUID runId, Instant resumeAt, String reason);
}
