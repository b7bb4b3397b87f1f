package ai.omnix.pipeline.workers.jobrunr;

import ai.omnix.pipeline.workers.run.RunStateLookup;
import java.util.UUID;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;

/** Reads a run's state from JobRunr's storage. */
public final class JobRunrRunStateLookup implements RunStateLookup {
  private final StorageProvider storage;

  public JobRunrRunStateLookup(StorageProvider storage) {
    this.storage = storage;
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
