package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionRules;
import ai.omnix.pipeline.core.tenant.Tenant;
import java.time.Clock;

/**
 * An upload's retention from what the client sent ({@code retention} or {@code expires_at}: a
 * multipart field, a query parameter, or tus {@code Upload-Metadata}) and the tenant's policy.
 * Thread-safe.
 */
public final class UploadRetention {
  public static final String RETENTION = "retention";
  public static final String EXPIRES_AT = "expires_at";

  private final RetentionPolicies policies;
  private final Clock clock;

  public UploadRetention(RetentionPolicies policies, Clock clock) {
    this.policies = policies;
    this.clock = clock;
  }

  /** From tus {@code Upload-Metadata} (its {@code retention} and {@code expires_at} keys). */
  public AssetRetention decide(Tenant tenant, java.util.Map<String, String> metadata) {
    return decide(tenant, metadata.get(RETENTION), metadata.get(EXPIRES_AT));
  }

  /**
   * @throws ApiProblem {@code invalid_retention}: 400 when unreadable, 422 when out of bounds
   */
  public AssetRetention decide(Tenant tenant, String retention, String expiresAt) {
    try {
      return RetentionRules.forUpload(
          new RetentionRules.UploadRequest(retention, expiresAt),
          policies.effective(tenant.id()),
          clock.instant());
    } catch (RetentionRules.InvalidRetentionException e) {
      throw new ApiProblem(
          e.malformed() ? 400 : 422, "invalid_retention", "Invalid retention", e.getMessage());
    }
  }
}
