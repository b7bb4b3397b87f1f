package ai.omnix.pipeline.storage.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link LocalBlobStore}.
 *
 * @param root the directory that holds every blob; created when missing
 */
public record LocalBlobStoreConfig(Path root) {
  public LocalBlobStoreConfig {
    Objects.requireNonNull(root, "root");
  }
}
