package ai.omnix.pipeline.lifecycle.retention;

import ai.omnix.pipeline.api.lifecycle.LineageDeletionJobs;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;

/**
 * {@code asset-deletion}: deletes one asset and every asset derived from it, in chunks, each blob
 * verified gone on its backend. Started by {@code DELETE /v1/assets/{id}} for an asset with more
 * derivatives than the API deletes inline, as a job of the asset's own tenant; not submitted
 * through {@code POST /v1/jobs} (admin only there). Never billed.
 */
public final class AssetDeletionJobType {
  public static final String NAME = LineageDeletionJobs.JOB_TYPE;
  static final String ASSET_ID = "asset_id";
  static final String CHUNK_SIZE = "chunk_size";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Deletes an asset (already marked deleted) and every asset derived from it: bytes,"
                  + " verified gone on their backend, then rows; resumable chunk by chunk; skips what"
                  + " a legal hold placed since the request covers.")
          .queueClass(QueueClass.IO_BOUND)
          .params(
              ParamSpec.string(ASSET_ID, 64, true, "The asset whose lineage is deleted."),
              ParamSpec.integer(
                  CHUNK_SIZE,
                  1,
                  10_000,
                  false,
                  "Assets per chunk (one transaction, one restart point); default 100."))
          .inputs(JobInput.Kind.NONE)
          .credits(0)
          .maxAttempts(5)
          .build();

  private AssetDeletionJobType() {}
}
