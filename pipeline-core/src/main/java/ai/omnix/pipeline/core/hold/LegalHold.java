package ai.omnix.pipeline.core.hold;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * A legal hold: while active, nothing it covers may be deleted (by its tenant, by retention, by
 * erasure). A hold on a tenant covers all of the tenant's assets and records; a hold on an asset
 * covers that asset, so deleting anything whose lineage would take it is refused too. Released
 * holds are kept as history.
 *
 * @param assetId the held asset, or null for a hold on the whole tenant
 * @param placedBy the actor, as {@code kind:id} ({@code api_key:…}, {@code operator:…})
 */
public record LegalHold(
    UUID id,
    TenantId tenant,
    String assetId,
    String reason,
    Instant placedAt,
    String placedBy,
    Instant releasedAt,
    String releasedBy,
    String releaseReason) {
  public static final int MAX_REASON = 1_000;

  public boolean active() {
    return releasedAt == null;
  }

  public boolean onTenant() {
    return assetId == null;
  }
}
