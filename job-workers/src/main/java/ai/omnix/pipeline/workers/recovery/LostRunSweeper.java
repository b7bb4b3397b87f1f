package ai.omnix.pipeline.workers.recovery;

import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.RecoveryStore;
import ai.omnix.pipeline.workers.run.RunStateLookup;
import ai.omnix.pipeline.workers.run.RunStateLookup.RunState;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs jobs whose run the executor no longer holds: a dispatcher that died between committing a
 * dispatch and handing it to JobRunr (run missing), or a run JobRunr gave up on or that was deleted
 * while our job is unfinished (run ended). Such a job goes back to the queue as a fresh run, or
 * fails with {@code worker_lost} once its attempts are used. Runs that are merely slow stay alone.
 * Attempts running on an executor that stopped sending heartbeats (a worker killed with SIGKILL)
 * are queued again as fresh runs without waiting for JobRunr's orphan handling.
 */
public final class LostRunSweeper implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(LostRunSweeper.class);

  private final RecoveryStore jobs;
  private final RunStateLookup runs;
  private final Clock clock;
  private final Duration quietFor;

  public LostRunSweeper(RecoveryStore jobs, RunStateLookup runs, Clock clock, Duration quietFor) {
    this.jobs = jobs;
    this.runs = runs;
    this.clock = clock;
    this.quietFor = quietFor;
  }

  @Override
  public void run() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("lost-run sweep failed; will try again", e);
    }
  }

  /** Returns how many jobs were repaired. */
  public int sweep() {
    int repaired = sweepDeadExecutors();
    for (JobRecord job : jobs.dispatchedNotUpdatedSince(clock.instant().minus(quietFor), 500)) {
      if (job.runId() == null) {
        continue;
      }
      RunState state = runs.stateOf(job.runId());
      if (state != RunState.LIVE && jobs.recoverLostRun(job.id(), job.runId()).isPresent()) {
        log.info("job {} had a lost run {} ({}); repaired", job.id(), job.runId(), state);
        repaired++;
      }
    }
    return repaired;
  }

  /**
   * Requeues the running attempts of executors that stopped sending heartbeats (a killed or frozen
   * worker).
   */
  int sweepDeadExecutors() {
    int repaired = 0;
    Map<UUID, Boolean> alive = new HashMap<>();
    for (RecoveryStore.RunningAttempt attempt : jobs.runningAttempts(1_000)) {
      if (!alive.computeIfAbsent(attempt.executorId(), runs::isExecutorAlive)
          && jobs.recoverLostRun(attempt.id(), attempt.runId()).isPresent()) {
        log.warn(
            "job {} was running on executor {}, which stopped sending heartbeats; queued again",
            attempt.id(),
            attempt.executorId());
        repaired++;
      }
    }
    return repaired;
  }
}
