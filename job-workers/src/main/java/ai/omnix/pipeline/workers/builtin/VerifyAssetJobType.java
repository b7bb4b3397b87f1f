package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;

/**
 * Re-reads an asset from storage and checks its size and SHA-256 against what was recorded at
 * upload.
 */
public final class VerifyAssetJobType {
  public static final String NAME = "verify-asset";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Re-reads an asset from storage and checks its size and SHA-256 against the values recorded at upload.")
          .queueClass(QueueClass.IO_BOUND)
          .inputs(JobInput.Kind.ASSET)
          .credits(0)
          .build();

  private VerifyAssetJobType() {}
}
