package ai.omnix.pipeline.storage.crypto;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.BlobStoreContract;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The whole contract through the encrypting decorator over local disk. */
class TinkEncryptingLocalBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;

  @Override
  protected BlobStore store() throws IOException {
    DataKeys keys =
        new DataKeys(
            new InMemoryDataKeyStore(),
            MasterKey.fromBase64(MasterKey.generateBase64()),
            Clock.systemUTC(),
            Duration.ofMinutes(1));
    return new TinkEncryptingBlobStore(new LocalBlobStore(new LocalBlobStoreConfig(root)), keys);
  }
}
