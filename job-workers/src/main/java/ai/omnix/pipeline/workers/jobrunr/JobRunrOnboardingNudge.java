package ai.omnix.pipeline.workers.jobrunr;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobSteward;

/**
 * Makes this process's JobRunr server look for enqueued runs now. JobRunr OSS onboards new work
 * only when one of its threads turns idle or at its poll (5 s at the least); since the dispatcher
 * hands runs over as slots free up, a run handed over just after every thread went idle would
 * otherwise wait for the next poll. Measured: without the nudge, no-op jobs stalled in bursts of up
 * to 5 s (docs/BENCHMARKS.md). Marking a thread occupied and idle again changes no count and
 * triggers JobRunr's own thread-safe onboarding task.
 */
public final class JobRunrOnboardingNudge implements Runnable {
  private final BackgroundJobServer server;

  public JobRunrOnboardingNudge(BackgroundJobServer server) {
    this.server = server;
  }

  @Override
  public void run() {
    if (!server.isRunning()) {
      return;
    }
    JobSteward steward = server.getJobSteward();
    steward.notifyThreadOccupied();
    steward.notifyThreadIdle();
  }
}
