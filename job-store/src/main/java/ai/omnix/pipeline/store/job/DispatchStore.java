package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.QueueClass;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the fair dispatcher needs: what is in flight, what waits, and marking a job handed to the
 * executor under a new run id. Thread-safe; {@link #underDispatchLock} makes one pass exclusive
 * across the cluster.
 */
public interface DispatchStore {
  /** Notified when a job becomes dispatchable (submitted, retried, suspended, recovered). */
  String DISPATCH_CHANNEL = "omnix_dispatch";

  /** Notified after runs were handed to the executor, so every worker looks for them at once. */
  String RUNS_CHANNEL = "omnix_runs";

  /** Jobs handed to the executor and not finished, counted by tenant and queue class. */
  record InFlight(String tenantId, QueueClass queueClass, int count) {}

  /** A queued job waiting for dispatch, in dispatch order. */
  record Candidate(
      JobId id, String tenantId, String type, QueueClass queueClass, int planRank, int attempts) {}

  /** Jobs handed to the executor and not finished, by tenant and queue class. */
  List<InFlight> inFlight();

  /**
   * When the earliest job that waits for its time (a retry's back-off, a suspended job's resume)
   * becomes dispatchable; empty when none waits.
   */
  Optional<Instant> nextRunAfter();

  /**
   * The next jobs to dispatch (queued, or running and suspended; not dispatched; due), ordered by
   * plan rank (highest first), priority (highest first) and age. Each (tenant, queue class)
   * contributes at most as many jobs as {@code lookaheadByPlanRank} gives its plan rank (1 for a
   * rank not in the map), so however deep one tenant's backlog, the others' jobs are always among
   * the candidates. Only jobs of {@code runnableTypes} (all when null).
   */
  List<Candidate> dispatchCandidates(
      Map<Integer, Integer> lookaheadByPlanRank, int limit, Collection<String> runnableTypes);

  /** As {@link #dispatchCandidates(Map, int, Collection)} for every type. */
  default List<Candidate> dispatchCandidates(Map<Integer, Integer> lookaheadByPlanRank, int limit) {
    return dispatchCandidates(lookaheadByPlanRank, limit, null);
  }

  /**
   * Marks a waiting job as handed to the executor under {@code runId}; false when it was canceled,
   * finished or dispatched meanwhile.
   */
  boolean markDispatched(JobId id, UUID runId);

  /** Takes back a dispatch whose hand-over to the executor failed. */
  void undispatch(JobId id, UUID runId);

  /** Tells every worker that runs were handed over ({@link #RUNS_CHANNEL}). */
  void notifyRunsHandedOver();

  /**
   * Runs {@code work} in one transaction, holding the cluster-wide dispatcher lock; empty without
   * running it if another holds the lock.
   */
  <T> Optional<T> underDispatchLock(Supplier<T> work);
}
