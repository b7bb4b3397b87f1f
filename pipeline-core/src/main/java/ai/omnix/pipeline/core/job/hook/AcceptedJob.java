package ai.omnix.pipeline.core.job.hook;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A job being inserted, handed to every {@link JobAcceptHook}.
 *
 * @param creditsEstimated the credits the job may cost at most (what billing reserves)
 * @param parentJobId the job whose follow-up this is, or null for a submission
 */
public record AcceptedJob(
    JobId id,
    TenantId tenant,
    String type,
    long creditsEstimated,
    JobId parentJobId,
    Instant acceptedAt) {

  public AcceptedJob {
    Objects.requireNonNull(id);
    Objects.requireNonNull(tenant);
    Objects.requireNonNull(type);
    Objects.requireNonNull(acceptedAt);
  }

  public boolean followUp() {
    return parentJobId != null;
  }
}
