package ai.omnix.pipeline.bench;

import org.jobrunr.jobs.lambdas.JobRequest;

/** The bare JobRunr baseline's job: the counterpart of our {@code noop} job type. */
public record BareNoopRequest(long sleepMs) implements JobRequest {

  @Override
  public Class<BareNoopRequestHandler> getJobRequestHandler() {
    return BareNoopRequestHandler.class;
  }
}
