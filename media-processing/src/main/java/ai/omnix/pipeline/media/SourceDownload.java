package ai.omnix.pipeline.media;

import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a job's input asset into its workspace, because ffmpeg seeks in its input. The local name never derives
 * from the user's filename (ffmpeg would take an extension as a format hint, and a leading dash as an option).
 */
public final class SourceDownload {
  private static final int BUFFER = 256 * 1024;

  private SourceDownload() {}

  /**
   * @return the asset as the pipeline knows it
   * @throws JobFailedException {@code unsupported_media} for an empty asset (before any copy), or
   *     {@code storage_unavailable} (retryable) when storage cannot be read
   */
  public static JobAssets.InputAsset fetch(JobExecution execution, String assetId, Path target) {
    JobAssets.InputAsset asset = execution.assets().describe(assetId);
    if (asset.size() == 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The file is empty.");
    }
    try (InputStream in = execution.assets().open(assetId); OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        execution.throwIfCanceled();
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new JobFailedException("storage_unavailable", "The input could not be read from storage; will retry.",
          true, e);
    }
    return asset;
  }
}
