package ai.omnix.pipeline.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.storage.BlobStoreContract;
import ai.omnix.pipeline.storage.KeyPrefix;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against google-cloud-nio's in-memory fake of the GCS API ({@link GcsFake}:
 * LocalStorageHelper's fake with GCS's listing order). The fake cannot sign URLs, so {@code
 * presignedGet} must be empty here, which the contract accepts; and it shows an empty object as
 * soon as an upload starts, where GCS shows nothing until the upload is finalised ({@link
 * GcsBlobStoreFakeServerIT} checks that against a real protocol server).
 */
class GcsBlobStoreTest extends BlobStoreContract {
  private static final String BUCKET = "omnix-test";
  private static Storage storage;

  @BeforeAll
  static void createFake() {
    storage = GcsFake.newStorage();
  }

  @Override
  protected BlobStore store() {
    return new GcsBlobStore(storage, GcsBlobStoreConfig.of(BUCKET));
  }

  @Override
  protected boolean showsFailedUploadsAsEmpty() {
    return true;
  }

  @Test
  void presignedGetIsEmptyWhenTheCredentialsCannotSign() throws Exception {
    assertThat(
            store.presignedGet(
                key("t1/any"),
                Duration.ofMinutes(5),
                DownloadHeaders.attachment(null, "a", "text/html")))
        .isEmpty();
  }

  @Test
  void aKeyPrefixConfinesTheStoreToItsFolder() throws Exception {
    GcsBlobStore prefixed =
        new GcsBlobStore(
            storage, new GcsBlobStoreConfig(BUCKET, KeyPrefix.of("tenants"), null, null, null));
    prefixed.put(key("t1/a"), new ByteArrayInputStream(new byte[] {1, 2}), 2, "text/plain");

    assertThat(storage.get(BlobId.of(BUCKET, "tenants/" + key("t1/a").value())).getSize())
        .isEqualTo(2);
    assertThat(prefixed.list(key("t1"), 10)).extracting(m -> m.key()).containsExactly(key("t1/a"));
    assertThat(store.head(key("t1/a"))).isEmpty();
  }
}
