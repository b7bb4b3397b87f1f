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
 * Copies a job's input asset into its workspace, because ffmpeg seeks in its input. The local name
 * never derives from the user's filename (ffmpeg would take an extension as a format hint, and a
 * leading dash as an option); its extension comes from the type the pipeline sniffed from the bytes
 * at upload, because ffmpeg probing a file without one is several times slower (measured: about 17
 * against 100 JPEG probes a second, see docs/BENCHMARKS.md).
 */
public final class SourceDownload {
  private static final int BUFFER = 256 * 1024;
  private static final java.util.Map<String, String> EXTENSIONS =
      java.util.Map.ofEntries(
          java.util.Map.entry("image/jpeg", ".jpg"), java.util.Map.entry("image/png", ".png"),
          java.util.Map.entry("image/webp", ".webp"), java.util.Map.entry("image/tiff", ".tif"),
          java.util.Map.entry("image/gif", ".gif"), java.util.Map.entry("image/bmp", ".bmp"),
          java.util.Map.entry("video/mp4", ".mp4"), java.util.Map.entry("video/quicktime", ".mov"),
          java.util.Map.entry("video/webm", ".webm"),
              java.util.Map.entry("video/x-matroska", ".mkv"),
          java.util.Map.entry("video/x-msvideo", ".avi"), java.util.Map.entry("audio/mpeg", ".mp3"),
          java.util.Map.entry("audio/mp4", ".m4a"), java.util.Map.entry("audio/ogg", ".ogg"),
          java.util.Map.entry("audio/vnd.wave", ".wav"),
              java.util.Map.entry("audio/x-wav", ".wav"));

  /**
   * The workspace name of a source: {@code source} plus the extension of its sniffed type, if a
   * known one.
   */
  static String localName(String contentType) {
    return "source" + (contentType == null ? "" : EXTENSIONS.getOrDefault(contentType, ""));
  }

  /** Copies the asset into {@code workspace} and returns the local file. */
  public static Path fetchInto(JobExecution execution, String assetId, MediaWorkspace workspace) {
    JobAssets.InputAsset asset = execution.assets().describe(assetId);
    Path target = workspace.file(localName(asset.contentType()));
    fetch(execution, assetId, target);
    return target;
  }

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
    try (InputStream in = execution.assets().open(assetId);
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) > 0) {
        execution.throwIfCanceled();
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new JobFailedException(
          "storage_unavailable", "The input could not be read from storage; will retry.", true, e);
    }
    return asset;
  }
}
