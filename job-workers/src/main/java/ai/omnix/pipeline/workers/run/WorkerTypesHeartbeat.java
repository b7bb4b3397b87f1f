package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.store.worker.WorkerJobTypes;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the cluster which job types this worker runs: once at construction, then every {@link
 * WorkerJobTypes#HEARTBEAT}; {@link #close()} withdraws them. A failed heartbeat is logged and
 * retried at the next beat (the worker only drops out after {@link WorkerJobTypes#LIVE_WITHIN}).
 */
public final class WorkerTypesHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerTypesHeartbeat.class);

  private final WorkerJobTypes directory;
  private final String worker;
  private final List<String> types;
  private final ScheduledExecutorService timer;

  public WorkerTypesHeartbeat(WorkerJobTypes directory, String worker, List<String> types) {
    this.directory = directory;
    this.worker = worker;
    this.types = List.copyOf(types);
    beat();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "worker-types-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long period = WorkerJobTypes.HEARTBEAT.toMillis();
    timer.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      directory.advertise(worker, types);
    } catch (RuntimeException e) {
      log.warn("could not advertise this worker's job types; retrying at the next beat", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      directory.withdraw(worker);
    } catch (RuntimeException e) {
      log.warn("could not withdraw this worker's job types; they expire on their own", e);
    }
  }
}
