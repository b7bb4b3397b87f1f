package ai.omnix.pipeline.workers.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;

/**
 * The state filter of every run (declared on {@link PipelineRunHandler#run}): it replaces JobRunr's
 * retry filter, so a failed run stays FAILED (our dispatcher decides retries and a retry is a new
 * run; a run that failed before reaching the store is queued again by the lost-run sweeper), and a
 * run whose job was canceled ends DELETED instead of FAILED. JobRunr creates it with its
 * no-argument constructor; it holds no state.
 */
public class PipelineRunStateFilter implements ElectStateFilter {

  @Override
  public void onStateElection(Job job, JobState newState) {
    if (newState instanceof FailedState failed
        && RunCanceledException.class.getName().equals(failed.getExceptionType())) {
      job.delete(failed.getExceptionMessage());
    }
  }
}
