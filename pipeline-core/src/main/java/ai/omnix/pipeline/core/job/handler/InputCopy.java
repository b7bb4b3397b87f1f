package ai.omnix.pipeline.core.job.handler;

import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * The one way a handler reads an input asset's bytes out of storage, to a local file (ffmpeg,
 * PDFBox and ImageIO seek in their input) or through a stream (a checksum): in {@value
 * #BUFFER_BYTES}-byte buffers with a cancel check between them, and never more than one byte past
 * the size recorded at upload, so a blob that grew in storage can neither fill a worker's disk nor
 * pass for the asset. Failures carry stable codes:
 *
 * <ul>
 *   <li>{@code asset_not_found} (from {@link JobAssets#describe}): the asset is gone, not
 *       retryable;
 *   <li>{@code asset_missing}: the asset's bytes are gone from storage, not retryable;
 *   <li>{@code asset_corrupt}: {@link #toFile} read a different length than recorded, not
 *       retryable;
 *   <li>{@code storage_unavailable}: storage could not be read, retryable.
 * </ul>
 *
 * Stateless; each call is used by one handler thread.
 */
public final class InputCopy {
  public static final int BUFFER_BYTES = 256 * 1024;
  public static final String ASSET_MISSING = "asset_missing";
  public static final String ASSET_CORRUPT = "asset_corrupt";
  public static final String STORAGE_UNAVAILABLE = "storage_unavailable";

  private InputCopy() {}

  /**
   * Copies the asset to {@code target} (created or replaced); on failure nothing is left there.
   *
   * @return the asset as the pipeline knows it
   */
  public static JobAssets.InputAsset toFile(JobExecution execution, String assetId, Path target) {
    return toFile(execution, execution.assets().describe(assetId), target);
  }

  /** {@link #toFile(JobExecution, String, Path)} for an asset already described. */
  public static JobAssets.InputAsset toFile(
      JobExecution execution, JobAssets.InputAsset asset, Path target) {
    boolean copied = false;
    try (OutputStream out = Files.newOutputStream(target)) {
      long read = toStream(execution, asset, out, bytes -> {});
      if (read != asset.size()) {
        throw new JobFailedException(
            ASSET_CORRUPT,
            "The stored bytes of the input do not have the size recorded at upload.",
            false);
      }
      copied = true;
    } catch (IOException e) {
      throw unavailable(e);
    } finally {
      if (!copied) {
        deleteQuietly(target);
      }
    }
    return asset;
  }

  /**
   * Streams the asset into {@code sink}, which stays open.
   *
   * @param bytesRead receives the count read so far after each buffer, for progress
   * @return the bytes read: at most the recorded size plus one
   */
  public static long toStream(
      JobExecution execution,
      JobAssets.InputAsset asset,
      OutputStream sink,
      LongConsumer bytesRead) {
    long limit = Math.max(0, asset.size()) + 1;
    long read = 0;
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = execution.assets().open(asset.id())) {
      int n;
      while (read < limit
          && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read))) > 0) {
        execution.throwIfCanceled();
        sink.write(buffer, 0, n);
        read += n;
        bytesRead.accept(read);
      }
    } catch (NoSuchBlobException e) {
      throw new JobFailedException(
          ASSET_MISSING, "The asset's bytes are missing from storage.", false);
    } catch (IOException e) {
      throw unavailable(e);
    }
    return read;
  }

  private static JobFailedException unavailable(IOException e) {
    return new JobFailedException(
        STORAGE_UNAVAILABLE, "The input could not be read from storage; will retry.", true, e);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // the caller's workspace or the OS's temp sweep removes it
    }
  }
}
