package ai.omnix.pipeline.core.storage;

import java.io.FileNotFoundException;

/** The key holds no blob. */
public class NoSuchBlobException extends FileNotFoundException {
  public NoSuchBlobException(BlobKey key) {
    super("no blob at " + key);
  }
}
