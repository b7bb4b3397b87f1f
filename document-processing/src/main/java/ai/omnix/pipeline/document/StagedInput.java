package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An input asset copied to a local temp file (PDFBox, POI's zip reader and ImageIO need random
 * access). Closing it deletes the file, so a try-with-resources cleans up on every path.
 */
public final class StagedInput implements AutoCloseable {
  private final Path file;
  private final JobAssets.InputAsset asset;

  private StagedInput(Path file, JobAssets.InputAsset asset) {
    this.file = file;
    this.asset = asset;
  }

  public static StagedInput stage(JobAssets assets, String assetId) {
    JobAssets.InputAsset asset = assets.describe(assetId);
    Path file;
    try {
      file = Files.createTempFile("omnix-doc-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (InputStream in = assets.open(assetId)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return new StagedInput(file, asset);
    } catch (IOException e) {
      deleteQuietly(file);
      throw new JobFailedException(
          DocumentFailures.STORAGE_UNAVAILABLE, "Storage could not be read; will retry.", true, e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  public JobAssets.InputAsset asset() {
    return asset;
  }

  @Override
  public void close() {
    deleteQuietly(file);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // the temp directory is swept by the OS; nothing else can be done here
    }
  }
}
