package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.Set;

/**
 * Re-reads an asset from storage and checks its size and SHA-256 against what was recorded at
 * upload.
 */
public final class VerifyAssetJobType implements JobType {
  public static final String NAME = "verify-asset";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Re-reads an asset from storage and checks its size and SHA-256 against the values recorded at upload.";
  }

  @Override
  public QueueClass queueClass() {
    return QueueClass.IO_BOUND;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return ParamsSchema.of();
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return Set.of(JobInput.Kind.ASSET);
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return 0;
  }
}
