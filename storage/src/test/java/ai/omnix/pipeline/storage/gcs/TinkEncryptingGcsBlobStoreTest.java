package ai.omnix.pipeline.storage.gcs;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.BlobStoreContract;
import ai.omnix.pipeline.storage.crypto.DataKeys;
import ai.omnix.pipeline.storage.crypto.InMemoryDataKeyStore;
import ai.omnix.pipeline.storage.crypto.MasterKey;
import ai.omnix.pipeline.storage.crypto.TinkEncryptingBlobStore;
import com.google.cloud.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/** The contract through the encrypting decorator over GCS (google-cloud-nio's in-memory fake). */
class TinkEncryptingGcsBlobStoreTest extends BlobStoreContract {
  private static Storage storage;

  @BeforeAll
  static void createFake() {
    storage = GcsFake.newStorage();
  }

  @Override
  protected BlobStore store() {
    DataKeys keys =
        new DataKeys(
            new InMemoryDataKeyStore(),
            MasterKey.fromBase64(MasterKey.generateBase64()),
            Clock.systemUTC(),
            Duration.ofMinutes(1));
    return new TinkEncryptingBlobStore(
        new GcsBlobStore(storage, GcsBlobStoreConfig.of("omnix-enc")), keys);
  }

  @Override
  protected boolean showsFailedUploadsAsEmpty() {
    return true;
  }
}
