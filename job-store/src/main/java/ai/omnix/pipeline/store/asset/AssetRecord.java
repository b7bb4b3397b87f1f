package ai.omnix.pipeline.store.asset;

import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
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
    boolean legalHold) {}
