package ai.omnix.pipeline.lifecycle.retention;

import ai.omnix.pipeline.api.lifecycle.LineageDeletionJobs;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import java.util.Map;

/** Creates {@code asset-deletion} jobs for the API's asset deletion. Thread-safe. */
public final class AssetDeletionJobs implements LineageDeletionJobs {
  private final JobSubmissions jobs;

  public AssetDeletionJobs(JobSubmissions jobs) {
    this.jobs = jobs;
  }

  @Override
  public JobRecord start(Tenant tenant, String assetId, Map<String, Object> metadata) {
    JobSubmission submission =
        new JobSubmission(
            AssetDeletionJobType.NAME,
            JobInput.none(),
            Map.of(AssetDeletionJobType.ASSET_ID, assetId),
            null,
            metadata,
            0);
    return jobs.insert(
            new NewJob(
                JobId.random(),
                tenant,
                submission,
                AssetDeletionJobType.TYPE.queueClass(),
                AssetDeletionJobType.TYPE.maxAttempts(),
                0,
                null,
                null))
        .job();
  }
}
