package ai.omnix.pipeline.workers.jobrunr;

import java.util.UUID;
import org.jobrunr.jobs.lambdas.JobRequest;

/** The JobRunr payload of one run: only ids, the job itself lives in our store. */
public record PipelineRun(UUID jobId, UUID runId) implements JobRequest {

  @Override
  public Class<PipelineRunHandler> getJobRequestHandler() {
    return PipelineRunHandler.class;
  }
}
