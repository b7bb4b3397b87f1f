package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JobRecord;
import java.util.Map;

/**
 * Starts the job that deletes an asset's whole lineage in the background (the data lifecycle's
 * {@code asset-deletion}), for {@link AssetDeletion} of an asset with more derivatives than a
 * request deletes inline. Without an implementation every deletion runs inline.
 */
public interface LineageDeletionJobs {
  /** The type of the jobs this starts; they cannot be canceled (409 {@code not_cancelable}). */
  String JOB_TYPE = "asset-deletion";

  /**
   * Creates the job, a job of {@code tenant}, in the caller's transaction.
   *
   * @param assetId the asset, already marked deleted in that transaction
   */
  JobRecord start(Tenant tenant, String assetId, Map<String, Object> metadata);
}
