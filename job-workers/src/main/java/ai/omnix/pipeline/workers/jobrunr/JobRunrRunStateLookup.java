package ai.omnix.pipeline.workers.jobrunr;

import ai.omnix.pipeline.workers.run.RunStateLookup;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;

/**
 * Reads a run's state and the servers' liveness from JobRunr's storage. A server counts as dead
 * after {@code missedHeartbeats} poll intervals without a heartbeat: sooner than JobRunr's own
 * orphan detection (4 intervals, then a retry back-off), so a killed worker's jobs run again
 * sooner. A run wrongly declared lost (a worker stalled that long) cannot write over the new run:
 * every write is guarded by the run id.
 */
public final class JobRunrRunStateLookup implements RunStateLookup {
  private final StorageProvider storage;
  private final Clock clock;
  private final double missedHeartbeats;
  private final Supplier<UUID> localExecutor;

  /**
   * @param localExecutor this process's own server, alive by definition while this code runs
   */
  public JobRunrRunStateLookup(
      StorageProvider storage, Clock clock, double missedHeartbeats, Supplier<UUID> localExecutor) {
    this.storage = storage;
    this.clock = clock;
    this.missedHeartbeats = missedHeartbeats;
    this.localExecutor = localExecutor;
  }

  @Override
  public boolean isExecutorAlive(UUID executorId) {
    if (executorId.equals(localExecutor.get())) {
      return true;
    }
    Instant now = clock.instant();
    for (BackgroundJobServerStatus server : storage.getBackgroundJobServers()) {
      if (server.getId().equals(executorId)) {
        long graceMillis = (long) (server.getPollIntervalInSeconds() * 1000L * missedHeartbeats);
        return server.getLastHeartbeat().plusMillis(graceMillis).isAfter(now);
      }
    }
    return false;
  }

  @Override
  public RunState stateOf(UUID runId) {
    try {
      Job job = storage.getJobById(runId);
      StateName state = job.getState();
      return switch (state) {
        case SUCCEEDED, FAILED, DELETED -> RunState.ENDED;
        default -> RunState.LIVE;
      };
    } catch (JobNotFoundException e) {
      return RunState.MISSING;
    }
  }
}
