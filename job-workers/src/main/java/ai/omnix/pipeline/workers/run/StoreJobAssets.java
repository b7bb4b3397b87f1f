package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.HashingInputStream;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/** {@link JobAssets} over the asset table and the blob store, scoped to one job and its tenant. */
public final class StoreJobAssets implements JobAssets {
  private static final Pattern OUTPUT_NAME =
      Pattern.compile(
          "[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}){0,3}");

  private final AssetRepository assets;
  private final BlobStore blobs;
  private final TenantId tenant;
  private final JobId job;

  public StoreJobAssets(AssetRepository assets, BlobStore blobs, TenantId tenant, JobId job) {
    this.assets = assets;
    this.blobs = blobs;
    this.tenant = tenant;
    this.job = job;
  }

  private AssetRecord find(String assetId) {
    return assets
        .find(tenant, assetId)
        .orElseThrow(
            () ->
                new JobFailedException(
                    "asset_not_found", "Input asset " + assetId + " no longer exists.", false));
  }

  @Override
  public InputAsset describe(String assetId) {
    AssetRecord a = find(assetId);
    return new InputAsset(a.id(), a.filename(), a.contentType(), a.size(), a.sha256());
  }

  @Override
  public void annotate(String assetId, String key, java.util.Map<String, Object> facts) {
    if (!assets.annotate(tenant, assetId, key, facts)) {
      throw new JobFailedException(
          "asset_not_found", "Input asset " + assetId + " no longer exists.", false);
    }
  }

  @Override
  public InputStream open(String assetId) throws IOException {
    return blobs.open(find(assetId).blobKey());
  }

  @Override
  public OutputAsset write(
      String name, String sourceAssetId, InputStream content, long length, String contentType)
      throws IOException {
    if (name == null || !OUTPUT_NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("invalid output name: " + name);
    }
    if (sourceAssetId != null) {
      find(sourceAssetId);
    }
    BlobKey key = AssetRepository.outputKey(tenant, job.value(), name);
    HashingInputStream counted = new HashingInputStream(content, Long.MAX_VALUE);
    blobs.put(key, counted, length, contentType);
    String filename = name.substring(name.lastIndexOf('/') + 1);
    AssetRecord stored =
        assets.upsertOutput(
            new AssetRepository.NewAsset(
                AssetRepository.newId(),
                tenant,
                key,
                blobs.backend(),
                filename,
                contentType,
                counted.count(),
                counted.sha256Hex(),
                sourceAssetId,
                job.value(),
                null,
                null),
            name);
    return new OutputAsset(stored.id(), name, stored.contentType(), stored.size(), stored.sha256());
  }
}
