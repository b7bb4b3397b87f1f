package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.InputCopy;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@link VerifyAssetJobType}: streams the blob once through a SHA-256 digest ({@link
 * InputCopy#toStream}: cancel checks, read bounded by the recorded size), reporting progress.
 */
public final class VerifyAssetJobHandler implements JobHandler {

  @Override
  public String type() {
    return VerifyAssetJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    JobAssets.InputAsset asset = execution.assets().describe(execution.input().assetIds().get(0));
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long read =
        InputCopy.toStream(
            execution,
            asset,
            new DigestOutputStream(OutputStream.nullOutputStream(), digest),
            bytes -> {
              if (asset.size() > 0) {
                execution.reportProgress((int) Math.min(99, bytes * 100 / asset.size()));
              }
            });
    String sha256 = HexFormat.of().formatHex(digest.digest());
    boolean intact = read == asset.size() && sha256.equals(asset.sha256());
    if (!intact) {
      throw new JobFailedException(
          InputCopy.ASSET_CORRUPT,
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
