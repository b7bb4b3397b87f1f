package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.store.job.RunStore;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the store for cancel requests on the jobs running in this process and stops them. The API
 * that takes the request may run in another process, so the store is the only shared channel.
 */
public final class CancellationWatcher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(CancellationWatcher.class);

  private final RunningJobs running;
  private final RunStore jobs;

  public CancellationWatcher(RunningJobs running, RunStore jobs) {
    this.running = running;
    this.jobs = jobs;
  }

  @Override
  public void run() {
    try {
      Set<JobId> ids = running.ids();
      if (ids.isEmpty()) {
        return;
      }
      for (JobId id : jobs.cancelRequested(ids)) {
        if (running.cancel(id)) {
          log.info("canceling running job {}", id);
        }
      }
    } catch (RuntimeException e) {
      log.warn("cancel check failed; will try again", e);
    }
  }
}
