package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.InputCopy;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An input asset copied to a local temp file (PDFBox, POI's zip reader and ImageIO need random
 * access) with {@link InputCopy}: cancel checks, a read bounded by the recorded size. Closing it
 * deletes the file, so a try-with-resources cleans up on every path.
 */
public final class StagedInput implements AutoCloseable {
  private final Path file;
  private final JobAssets.InputAsset asset;

  private StagedInput(Path file, JobAssets.InputAsset asset) {
    this.file = file;
    this.asset = asset;
  }

  public static StagedInput stage(JobExecution execution, String assetId) {
    Path file;
    try {
      file = Files.createTempFile("omnix-doc-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StagedInput(file, InputCopy.toFile(execution, assetId, file));
  }

  public Path file() {
    return file;
  }

  public JobAssets.InputAsset asset() {
    return asset;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the temp directory is swept by the OS; nothing else can be done here
    }
  }
}
