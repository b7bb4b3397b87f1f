package ai.omnix.pipeline.workers.run;

import java.util.UUID;

/** Tells whether the executor still holds a live record of a run. */
public interface RunStateLookup {

  enum RunState {
    /** Waiting, scheduled for retry, or executing: leave it alone. */
    LIVE,
    /**
     * Finished, given up or deleted in the executor although our job is not finished: the run is
     * lost.
     */
    ENDED,
    /** Unknown to the executor: the hand-over never happened. */
    MISSING
  }

  RunState stateOf(UUID runId);

  /**
   * Whether the executor (a JobRunr server) still sends heartbeats. False for one that stopped, or
   * that the executor has already forgotten.
   */
  boolean isExecutorAlive(UUID executorId);
}
