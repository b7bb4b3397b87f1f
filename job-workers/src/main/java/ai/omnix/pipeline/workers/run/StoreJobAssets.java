package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.retention.JobRetention;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionRules;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.HashingInputStream;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * {@link JobAssets} over the asset table and the blob store, scoped to one job and its tenant. An
 * output's retention is decided here: its source's, unless the job's {@code retention} parameter
 * says otherwise ({@link RetentionRules#forOutput}).
 */
public final class StoreJobAssets implements JobAssets {
  private static final Pattern OUTPUT_NAME =
      Pattern.compile(
          "[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}){0,3}");

  private final AssetRepository assets;
  private final BlobStore blobs;
  private final TenantId tenant;
  private final JobId job;
  private final RetentionPolicies retention;
  private final Clock clock;
  private JobRetention jobRetention;

  /** Outputs inherit their source's retention (as if the job said nothing about it). */
  public StoreJobAssets(AssetRepository assets, BlobStore blobs, TenantId tenant, JobId job) {
    this(assets, blobs, tenant, job, null, Clock.systemUTC());
  }

  /**
   * @param retention where the job's {@code retention} parameter is read (once), or null to treat
   *     it as {@code inherit}
   */
  public StoreJobAssets(
      AssetRepository assets,
      BlobStore blobs,
      TenantId tenant,
      JobId job,
      RetentionPolicies retention,
      Clock clock) {
    this.assets = assets;
    this.blobs = blobs;
    this.tenant = tenant;
    this.job = job;
    this.retention = retention;
    this.clock = clock;
  }

  /** What the job said about its outputs' retention, read on the first write. */
  private JobRetention jobRetention() {
    if (jobRetention == null) {
      jobRetention = retention == null ? JobRetention.INHERIT : retention.jobRetention(job);
    }
    return jobRetention;
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
    AssetRecord source = sourceAssetId == null ? null : find(sourceAssetId);
    AssetRetention kept =
        RetentionRules.forOutput(
            source == null ? null : source.retention(), jobRetention(), clock.instant());
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
                    null)
                .withRetention(kept),
            name);
    return new OutputAsset(stored.id(), name, stored.contentType(), stored.size(), stored.sha256());
  }
}
