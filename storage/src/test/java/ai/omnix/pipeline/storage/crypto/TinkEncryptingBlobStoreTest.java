package ai.omnix.pipeline.storage.crypto;

import static ai.omnix.pipeline.storage.Payloads.aPayload;
import static ai.omnix.pipeline.storage.Payloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinkEncryptingBlobStoreTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path root;
  @TempDir Path backup;
  private final InMemoryDataKeyStore keyStore = new InMemoryDataKeyStore();
  private LocalBlobStore disk;
  private DataKeys keys;
  private TinkEncryptingBlobStore store;

  @BeforeEach
  void setUp() throws IOException {
    disk = new LocalBlobStore(new LocalBlobStoreConfig(root));
    keys =
        new DataKeys(
            keyStore,
            MasterKey.fromBase64(MasterKey.generateBase64()),
            Clock.systemUTC(),
            Duration.ofMinutes(1));
    store = new TinkEncryptingBlobStore(disk, keys);
  }

  @Test
  void theBytesOnDiskAreNotThePlaintext() throws IOException {
    byte[] payload = "a very private diary entry, repeated. ".repeat(1000).getBytes();
    BlobKey key = BlobKey.of("tenants", "acme", "assets", "a1");

    store.put(key, new ByteArrayInputStream(payload), payload.length, "text/plain");

    byte[] onDisk = Files.readAllBytes(root.resolve(key.value()));
    assertThat(onDisk).hasSize((int) EncryptedBlobFormat.storedSize(payload.length));
    assertThat(indexOf(onDisk, "private diary".getBytes())).isEqualTo(-1);
    assertThat(store.open(key).readAllBytes()).isEqualTo(payload);
    assertThat(store.head(key).orElseThrow().size()).isEqualTo(payload.length);
  }

  @Test
  void aDestroyedKeyMakesARestoredCopyUnreadable() throws IOException {
    byte[] payload = aPayload(2 * MIB + 5, 7);
    BlobKey key = BlobKey.of("tenants", "gone", "assets", "a1");
    store.put(key, new ByteArrayInputStream(payload), payload.length, "video/mp4");
    Path file = root.resolve(key.value());
    Path sidecar = file.resolveSibling(".a1.type");
    Files.copy(file, backup.resolve("a1"));
    Files.copy(sidecar, backup.resolve(".a1.type"));

    assertThat(keys.destroyTenantKey(new TenantId("gone"))).isTrue();
    store.delete(key);
    Files.createDirectories(file.getParent());
    Files.copy(backup.resolve("a1"), file, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(backup.resolve(".a1.type"), sidecar, StandardCopyOption.REPLACE_EXISTING);

    assertThat(store.head(key)).isPresent();
    assertThatThrownBy(() -> store.open(key).readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("destroyed");
    assertThatThrownBy(() -> store.open(key, 1000, 10).readAllBytes())
        .isInstanceOf(IOException.class);
    // a new key for the same tenant does not open the old copy either
    store.put(
        BlobKey.of("tenants", "gone", "assets", "a2"),
        new ByteArrayInputStream(new byte[1]),
        1,
        null);
    assertThatThrownBy(() -> store.open(key).readAllBytes()).isInstanceOf(IOException.class);
    assertThat(keys.destroyTenantKey(new TenantId("never"))).isFalse();
  }

  @Test
  void rangesAcrossSegmentBoundariesReturnThePlaintextBytes() throws IOException {
    byte[] payload = aPayload(3 * MIB + 123, 9);
    BlobKey key = BlobKey.of("tenants", "acme", "assets", "big");
    store.put(key, new ByteArrayInputStream(payload), -1, "video/mp4");

    int boundary = EncryptedBlobFormat.PLAIN_SEGMENT - EncryptedBlobFormat.TINK_HEADER;
    for (int[] r :
        new int[][] {
          {boundary - 10, 20}, {0, 1}, {MIB, MIB + 7}, {payload.length - 5, 5}, {2 * boundary, 1}
        }) {
      try (InputStream in = store.open(key, r[0], r[1])) {
        assertThat(in.readAllBytes())
            .as("range %d+%d", r[0], r[1])
            .isEqualTo(Arrays.copyOfRange(payload, r[0], r[0] + r[1]));
      }
    }
    try (InputStream in = store.open(key, payload.length + 10L, -1)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void blobsWrittenBeforeEncryptionStayReadable() throws IOException {
    byte[] payload = aPayload(100_000, 3);
    BlobKey key = BlobKey.of("tenants", "acme", "assets", "old");
    disk.put(key, new ByteArrayInputStream(payload), payload.length, "image/png");

    BlobMetadata head = store.head(key).orElseThrow();
    assertThat(head.size()).isEqualTo(payload.length);
    assertThat(head.contentType()).isEqualTo("image/png");
    assertThat(sha256(store.open(key))).isEqualTo(sha256(payload));
    assertThat(store.open(key, 500, 10).readAllBytes())
        .isEqualTo(Arrays.copyOfRange(payload, 500, 510));
    assertThat(store.list(BlobKey.of("tenants", "acme"), 10))
        .extracting(BlobMetadata::size)
        .containsExactly((long) payload.length);
  }

  @Test
  void copyToAnotherTenantReEncryptsWithItsKey() throws IOException {
    byte[] payload = aPayload(50_000, 4);
    BlobKey source = BlobKey.of("tenants", "ta", "assets", "x");
    BlobKey target = BlobKey.of("tenants", "tb", "assets", "x");
    store.put(source, new ByteArrayInputStream(payload), payload.length, "text/csv");

    store.copy(source, target);
    keys.destroyTenantKey(new TenantId("ta"));

    assertThat(store.open(target).readAllBytes()).isEqualTo(payload);
    assertThat(store.head(target).orElseThrow().contentType()).isEqualTo("text/csv");
    assertThatThrownBy(() -> store.open(source).readAllBytes()).isInstanceOf(IOException.class);
  }

  @Test
  void aCiphertextMovedToAnotherTenantDoesNotDecrypt() throws IOException {
    BlobKey a = BlobKey.of("tenants", "ta", "assets", "x");
    BlobKey b = BlobKey.of("tenants", "tb", "assets", "x");
    store.put(a, new ByteArrayInputStream(new byte[100]), 100, null);
    store.put(b, new ByteArrayInputStream(new byte[5]), 5, null);
    disk.copy(a, b); // a raw copy behind the decorator's back

    assertThatThrownBy(() -> store.open(b).readAllBytes()).isInstanceOf(IOException.class);
  }

  @Test
  void anEncryptedBlobHasNoPresignedUrl() throws IOException {
    BlobKey key = BlobKey.of("tenants", "ta", "assets", "x");
    store.put(key, new ByteArrayInputStream(new byte[10]), 10, null);

    assertThat(
            store.presignedGet(
                key, Duration.ofMinutes(1), DownloadHeaders.attachment("x", "a", "text/plain")))
        .isEmpty();
  }

  @Test
  void aWrappedKeyIsUselessWithoutTheMasterKey() throws Exception {
    store.put(
        BlobKey.of("tenants", "ta", "assets", "x"),
        new ByteArrayInputStream(new byte[10]),
        10,
        null);
    DataKeys otherMaster =
        new DataKeys(
            keyStore,
            MasterKey.fromBase64(MasterKey.generateBase64()),
            Clock.systemUTC(),
            Duration.ofMinutes(1));
    TinkEncryptingBlobStore withWrongMaster = new TinkEncryptingBlobStore(disk, otherMaster);

    assertThatThrownBy(() -> withWrongMaster.open(BlobKey.of("tenants", "ta", "assets", "x")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void storedSizesMatchTinksCiphertextAndInvertExactly() throws Exception {
    byte[] ikm = new byte[32];
    new SecureRandom().nextBytes(ikm);
    AesGcmHkdfStreaming tink = new AesGcmHkdfStreaming(ikm, "HmacSha256", 32, 1 << 20, 0);
    int ps = EncryptedBlobFormat.PLAIN_SEGMENT;
    int h = EncryptedBlobFormat.TINK_HEADER;
    long[] sizes = {0, 1, 15, 16, 17, ps - h - 1, ps - h, ps - h + 1, 2L * ps - h, 5L * ps + 3};
    for (long p : sizes) {
      long expected = EncryptedBlobFormat.HEADER_LENGTH + tink.expectedCiphertextSize(p);
      assertThat(EncryptedBlobFormat.storedSize(p)).as("stored size of %d", p).isEqualTo(expected);
      assertThat(EncryptedBlobFormat.plaintextSize(expected)).as("plaintext of %d", p).isEqualTo(p);
    }
    for (long p : new long[] {0, 1, ps - h, ps - h + 1, 2L * ps - h}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream enc = tink.newEncryptingStream(out, new byte[0])) {
        enc.write(new byte[(int) p]);
      }
      assertThat(out.size() + EncryptedBlobFormat.HEADER_LENGTH)
          .as("real ciphertext of %d", p)
          .isEqualTo(EncryptedBlobFormat.storedSize(p));
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
