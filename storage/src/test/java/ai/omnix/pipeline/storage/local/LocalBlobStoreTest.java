package ai.omnix.pipeline.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.storage.BlobStoreContract;
import ai.omnix.pipeline.storage.Payloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;
  @TempDir Path outside;

  @Override
  protected BlobStore store() throws IOException {
    return new LocalBlobStore(new LocalBlobStoreConfig(root));
  }

  @Test
  void aPutWhoseStreamFailsMidwayLeavesNoFileBehind() {
    assertThatThrownBy(
            () ->
                store.put(
                    BlobKey.of("t1", "deep", "asset"),
                    Payloads.aStreamFailingAfter(300_000),
                    -1,
                    "video/mp4"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("client went away");
    assertThatThrownBy(
            () ->
                store.put(
                    BlobKey.of("t1", "deep", "asset"),
                    new ByteArrayInputStream(new byte[10]),
                    11,
                    null))
        .isInstanceOf(IOException.class);

    assertThat(everythingUnder(root)).isEmpty();
  }

  @Test
  void contentTypeLivesInAHiddenSidecarThatListNeverShows() throws IOException {
    BlobKey key = BlobKey.of("t1", "doc");
    store.put(key, new ByteArrayInputStream(new byte[] {1}), 1, "application/pdf");

    assertThat(Files.readString(root.resolve("t1/.doc.type"))).isEqualTo("application/pdf");
    assertThat(store.list(BlobKey.of("t1"), 10)).hasSize(1);
  }

  @Test
  void deleteRemovesTheSidecarAndEmptyDirectories() throws IOException {
    store.put(
        BlobKey.of("t1", "a", "b", "c"), new ByteArrayInputStream(new byte[] {1}), 1, "text/plain");

    assertThat(store.delete(BlobKey.of("t1", "a", "b", "c"))).isTrue();

    assertThat(everythingUnder(root)).isEmpty();
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefused() throws IOException {
    Files.writeString(outside.resolve("secret"), "secret");
    Files.createSymbolicLink(root.resolve("t1"), outside);

    assertThatThrownBy(() -> store.open(BlobKey.of("t1", "secret")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside the storage root");
    assertThatThrownBy(
            () ->
                store.put(
                    BlobKey.of("t1", "planted"), new ByteArrayInputStream(new byte[1]), 1, null))
        .isInstanceOf(IOException.class);
    assertThat(outside.resolve("planted")).doesNotExist();
  }

  @Test
  void aSymbolicLinkIsNeverABlob() throws IOException {
    Files.writeString(outside.resolve("secret"), "secret");
    store.put(BlobKey.of("t1", "real"), new ByteArrayInputStream(new byte[] {1}), 1, null);
    Files.createSymbolicLink(root.resolve("t1/inside"), root.resolve("t1/real"));
    Files.createSymbolicLink(root.resolve("t1/outside"), outside.resolve("secret"));

    assertThat(store.head(BlobKey.of("t1", "inside"))).isEmpty();
    assertThatThrownBy(() -> store.open(BlobKey.of("t1", "inside")))
        .isInstanceOf(NoSuchBlobException.class);
    assertThatThrownBy(() -> store.head(BlobKey.of("t1", "outside")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside the storage root");
    assertThat(store.list(BlobKey.of("t1"), 10))
        .extracting(m -> m.key().value())
        .containsExactly("t1/real");
  }

  @Test
  void aKeyCannotBeBothABlobAndAPrefixOnDisk() throws IOException {
    store.put(BlobKey.of("t1", "a"), new ByteArrayInputStream(new byte[1]), 1, null);

    assertThatThrownBy(
            () ->
                store.put(
                    BlobKey.of("t1", "a", "b"), new ByteArrayInputStream(new byte[1]), 1, null))
        .isInstanceOf(IOException.class);
    assertThat(store.open(BlobKey.of("t1", "a")).readAllBytes()).hasSize(1);
  }

  private static List<Path> everythingUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !p.equals(dir)).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
