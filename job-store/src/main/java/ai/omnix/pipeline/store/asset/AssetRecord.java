package ai.omnix.pipeline.store.asset;

import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A stored asset as read from the {@code assets} table.
 *
 * @param retention its retention mode and deadline (always set once stored)
 * @param legalHold whether an active legal hold covers it (on the asset or on its tenant)
 */
public record AssetRecord(
    String id,
    TenantId tenantId,
    BlobKey blobKey,
    String backend,
    String status,
    String filename,
    String contentType,
    long size,
    String sha256,
    String sourceAssetId,
    UUID derivedByJobId,
    Map<String, Object> metadata,
    Instant createdAt,
    AssetRetention retention,
    boolean legalHold) {

  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", id);
    wire.put("object", "asset");
    wire.put("status", status);
    wire.put("filename", filename);
    wire.put("content_type", contentType);
    wire.put("size", size);
    wire.put("sha256", sha256);
    wire.put("source_asset_id", sourceAssetId);
    wire.put("derived_by_job_id", derivedByJobId == null ? null : derivedByJobId.toString());
    wire.put("metadata", metadata);
    wire.put("created_at", createdAt.toString());
    wire.put("retention", retention.mode().wireName());
    wire.put("expires_at", retention.expiresAt().toString());
    wire.put("legal_hold", legalHold);
    return wire;
  }
}
