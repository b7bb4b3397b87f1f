package ai.omnix.pipeline.workers.jobrunr;

import ai.omnix.pipeline.workers.dispatch.WorkerCapacity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.StorageProvider;

/**
 * Sums the worker pools of the JobRunr servers that sent a heartbeat recently. Read at most once a
 * second: it changes only when a worker joins or leaves.
 */
public final class JobRunrWorkerCapacity implements WorkerCapacity {
  private static final Duration CACHE = Duration.ofSeconds(1);

  private final StorageProvider storage;
  private final Clock clock;
  private volatile int cached;
  private volatile Instant cachedAt = Instant.EPOCH;

  public JobRunrWorkerCapacity(StorageProvider storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  @Override
  public int totalSlots() {
    Instant now = clock.instant();
    if (now.isAfter(cachedAt.plus(CACHE))) {
      int slots = 0;
      for (BackgroundJobServerStatus server : storage.getBackgroundJobServers()) {
        Duration timeout = Duration.ofSeconds(server.getPollIntervalInSeconds() * 4L);
        if (server.isRunning() && server.getLastHeartbeat().plus(timeout).isAfter(now)) {
          slots += server.getWorkerPoolSize();
        }
      }
      cached = slots;
      cachedAt = now;
    }
    return cached;
  }
}
