package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs {@link VerifyAssetJobType}: streams the blob once, reporting progress, honouring cancel. */
public final class VerifyAssetJobHandler implements JobHandler {
  private static final int BUFFER = 256 * 1024;
  private final AssetRepository assets;
  private final BlobStore blobs;

  public VerifyAssetJobHandler(AssetRepository assets, BlobStore blobs) {
    this.assets = assets;
    this.blobs = blobs;
  }

  @Override
  public String type() {
    return VerifyAssetJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    AssetRecord asset =
        assets
            .find(execution.tenantId(), assetId)
            .orElseThrow(
                () ->
                    new JobFailedException(
                        "asset_not_found", "The asset no longer exists.", false));
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long read = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = blobs.open(asset.blobKey())) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        execution.throwIfCanceled();
        digest.update(buffer, 0, n);
        read += n;
        if (asset.size() > 0) {
          execution.reportProgress((int) Math.min(99, read * 100 / asset.size()));
        }
      }
    } catch (NoSuchBlobException e) {
      throw new JobFailedException(
          "asset_missing", "The asset's bytes are missing from storage.", false);
    } catch (IOException e) {
      throw new JobFailedException(
          "storage_unavailable", "Storage could not be read; will retry.", true, e);
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    boolean intact = read == asset.size() && sha256.equals(asset.sha256());
    if (!intact) {
      throw new JobFailedException(
          "asset_corrupt",
          "The stored bytes no longer match the upload's size and SHA-256.",
          false);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("asset_id", asset.id());
    summary.put("size", read);
    summary.put("sha256", sha256);
    summary.put("intact", true);
    return JobResult.of(summary);
  }
}
