package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.store.asset.AssetRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON of an asset, written here rather than by the store's record. */
public final class AssetJson {
  private AssetJson() {}

  public static Map<String, Object> of(AssetRecord asset) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", asset.id());
    wire.put("object", "asset");
    wire.put("status", asset.status());
    wire.put("filename", asset.filename());
    wire.put("content_type", asset.contentType());
    wire.put("size", asset.size());
    wire.put("sha256", asset.sha256());
    wire.put("source_asset_id", asset.sourceAssetId());
    wire.put(
        "derived_by_job_id",
        asset.derivedByJobId() == null ? null : asset.derivedByJobId().toString());
    wire.put("metadata", asset.metadata());
    wire.put("created_at", asset.createdAt().toString());
    wire.put("retention", asset.retention().mode().wireName());
    wire.put("expires_at", asset.retention().expiresAt().toString());
    wire.put("legal_hold", asset.legalHold());
    return wire;
  }
}
