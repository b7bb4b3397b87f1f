package ai.omnix.pipeline.core.job.hook;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job being inserted, handed to every {@link JobAcceptHook}.
 *
 * @param creditsEstimated the credits the job may cost at most (what billing reserves)
 * @param parentJobId the job whose follow-up this is, or null for a submission
 * @param params the job's validated parameters as stored (billing reads the model a generation asks
 *     for from them); never null
 */
public record AcceptedJob(
    JobId id,
    TenantId tenant,
    String type,
    long creditsEstimated,
    JobId parentJobId,
    Instant acceptedAt,
    Map<String, Object> params) {

  public AcceptedJob {
    Objects.requireNonNull(id);
    Objects.requireNonNull(tenant);
    Objects.requireNonNull(type);
    Objects.requireNonNull(acceptedAt);
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(params);
  }

  /** A job without parameters. */
  public AcceptedJob(
      JobId id,
      TenantId tenant,
      String type,
      long creditsEstimated,
      JobId parentJobId,
      Instant acceptedAt) {
    this(id, tenant, type, creditsEstimated, parentJobId, acceptedAt, Map.of());
  }

  public boolean followUp() {
    return parentJobId != null;
  }
}
