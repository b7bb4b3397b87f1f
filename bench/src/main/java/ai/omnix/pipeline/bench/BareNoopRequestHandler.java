package ai.omnix.pipeline.bench;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * Runs {@link BareNoopRequest}. Public with a public no-argument constructor: with no JobActivator
 * configured, JobRunr instantiates it by reflection.
 */
public class BareNoopRequestHandler implements JobRequestHandler<BareNoopRequest> {
  public BareNoopRequestHandler() {}

  @Override
  public void run(BareNoopRequest request) throws InterruptedException {
    if (request.sleepMs() > 0) {
      Thread.sleep(request.sleepMs());
    }
  }
}
