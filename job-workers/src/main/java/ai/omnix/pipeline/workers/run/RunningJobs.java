package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.core.job.JobId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this process is executing right now, so a cancel request can reach the thread running
 * each one.
 */
public final class RunningJobs {
  private final Map<JobId, StoreJobExecution> running = new ConcurrentHashMap<>();

  void register(StoreJobExecution execution) {
    running.put(execution.jobId(), execution);
  }

  void unregister(StoreJobExecution execution) {
    running.remove(execution.jobId(), execution);
  }

  public Set<JobId> ids() {
    return Set.copyOf(running.keySet());
  }

  /**
   * Flags the job as canceled and interrupts its thread; returns false when it does not run here.
   */
  public boolean cancel(JobId id) {
    StoreJobExecution execution = running.get(id);
    if (execution == null) {
      return false;
    }
    execution.cancel();
    return true;
  }

  public int size() {
    return running.size();
  }
}
