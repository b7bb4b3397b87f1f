package ai.omnix.pipeline.storage;

import static ai.omnix.pipeline.storage.Payloads.aGeneratedStream;
import static ai.omnix.pipeline.storage.Payloads.aPayload;
import static ai.omnix.pipeline.storage.Payloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link BlobStore} must do. A backend's test extends this and provides the store; each
 * test works under its own random top-level segment, so stores may be shared between tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BlobStoreContract {
  private static final int MIB = 1024 * 1024;

  protected BlobStore store;
  private String run;

  /** The store under test, fresh or shared. */
  protected abstract BlobStore store() throws Exception;

  /** Whether this backend must hand out presigned URLs (else it may return empty). */
  protected boolean signsUrls() {
    return false;
  }

  /**
   * Whether a failed upload may leave an empty object visible (a fake's shortcut; real backends
   * never finalise a failed upload). Even then, no partial content may show.
   */
  protected boolean showsFailedUploadsAsEmpty() {
    return false;
  }

  @BeforeEach
  void setUpStore() throws Exception {
    store = store();
    run = "run-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A key under this test's own segment. */
  protected BlobKey key(String path) {
    return new BlobKey(run + "/" + path);
  }

  @Test
  void putHeadAndOpenRoundTripTheExactBytes() throws IOException {
    byte[] payload = aPayload(3 * MIB + 17, 1);
    BlobKey key = key("t1/asset/original");

    BlobMetadata put =
        store.put(key, new ByteArrayInputStream(payload), payload.length, "video/mp4");

    assertThat(put.key()).isEqualTo(key);
    assertThat(put.size()).isEqualTo(payload.length);
    assertThat(put.contentType()).isEqualTo("video/mp4");
    BlobMetadata head = store.head(key).orElseThrow();
    assertThat(head.size()).isEqualTo(payload.length);
    assertThat(head.contentType()).isEqualTo("video/mp4");
    assertThat(head.lastModified()).isNotNull();
    assertThat(sha256(store.open(key))).isEqualTo(sha256(payload));
  }

  @Test
  void putOfUnknownLengthStreamsMoreThanOnePart() throws IOException {
    long size = 20L * MIB + 12_345;
    BlobKey key = key("t1/big");

    BlobMetadata put = store.put(key, aGeneratedStream(size, 2), -1, "application/octet-stream");

    assertThat(put.size()).isEqualTo(size);
    assertThat(store.head(key).orElseThrow().size()).isEqualTo(size);
    assertThat(sha256(store.open(key))).isEqualTo(sha256(aGeneratedStream(size, 2)));
  }

  @Test
  void putOfUnknownLengthSmallerThanOnePartIsStoredWhole() throws IOException {
    byte[] payload = aPayload(1000, 3);
    BlobKey key = key("t1/small");

    store.put(key, new ByteArrayInputStream(payload), -1, "text/plain");

    assertThat(store.head(key).orElseThrow().size()).isEqualTo(1000);
    assertThat(store.open(key).readAllBytes()).isEqualTo(payload);
  }

  @Test
  void emptyBlobsAreStoredWithKnownAndUnknownLength() throws IOException {
    store.put(key("t1/empty-known"), InputStream.nullInputStream(), 0, "text/plain");
    store.put(key("t1/empty-unknown"), InputStream.nullInputStream(), -1, "text/plain");

    for (BlobKey key : List.of(key("t1/empty-known"), key("t1/empty-unknown"))) {
      assertThat(store.head(key).orElseThrow().size()).isZero();
      try (InputStream in = store.open(key)) {
        assertThat(in.readAllBytes()).isEmpty();
      }
      try (InputStream in = store.open(key, 0, -1)) {
        assertThat(in.readAllBytes()).isEmpty();
      }
    }
  }

  @Test
  void putReadsTheStreamToItsEndAndLeavesItOpen() throws IOException {
    byte[] payload = aPayload(10_000, 4);
    AtomicBoolean closed = new AtomicBoolean();
    ByteArrayInputStream in =
        new ByteArrayInputStream(payload) {
          @Override
          public void close() {
            closed.set(true);
          }
        };

    store.put(key("t1/stream"), in, payload.length, null);

    assertThat(in.available()).isZero();
    assertThat(closed).isFalse();
  }

  @Test
  void missingContentTypeIsStoredAsOctetStream() throws IOException {
    BlobKey key = key("t1/untyped");
    store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, null);

    assertThat(store.head(key).orElseThrow().contentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void contentShorterThanDeclaredFailsAndKeepsThePreviousBlob() throws IOException {
    BlobKey key = key("t1/kept");
    byte[] old = aPayload(5000, 5);
    store.put(key, new ByteArrayInputStream(old), old.length, "image/png");

    assertThatThrownBy(
            () -> store.put(key, new ByteArrayInputStream(aPayload(50, 6)), 100, "image/png"))
        .isInstanceOf(IOException.class);

    assertThat(store.open(key).readAllBytes()).isEqualTo(old);
    assertThat(store.head(key).orElseThrow().size()).isEqualTo(old.length);
  }

  @Test
  void contentLongerThanDeclaredFailsAndStoresNothing() {
    BlobKey key = key("t1/too-long");

    assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(aPayload(200, 7)), 100, null))
        .isInstanceOf(IOException.class);

    assertNothingStoredAt(key);
  }

  @Test
  void aStreamThatFailsMidwayFailsThePutAndStoresNothing() {
    BlobKey key = key("t1/dropped");

    assertThatThrownBy(() -> store.put(key, Payloads.aStreamFailingAfter(100_000), -1, null))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.put(key, Payloads.aStreamFailingAfter(100_000), 200_000, null))
        .isInstanceOf(IOException.class);

    assertNothingStoredAt(key);
  }

  @Test
  void overwriteReplacesContentAndContentType() throws IOException {
    BlobKey key = key("t1/doc");
    store.put(key, new ByteArrayInputStream(aPayload(4000, 8)), 4000, "text/plain");
    byte[] second = aPayload(1500, 9);

    store.put(key, new ByteArrayInputStream(second), second.length, "application/pdf");

    BlobMetadata head = store.head(key).orElseThrow();
    assertThat(head.size()).isEqualTo(1500);
    assertThat(head.contentType()).isEqualTo("application/pdf");
    assertThat(store.open(key).readAllBytes()).isEqualTo(second);
  }

  @Test
  void rangesReturnExactlyTheRequestedBytes() throws IOException {
    byte[] payload = aPayload(100_000, 10);
    BlobKey key = key("t1/ranged");
    store.put(key, new ByteArrayInputStream(payload), payload.length, "video/webm");

    assertThat(read(key, 0, 1000)).isEqualTo(slice(payload, 0, 1000));
    assertThat(read(key, 40_000, 12_345)).isEqualTo(slice(payload, 40_000, 12_345));
    assertThat(read(key, 99_000, -1)).isEqualTo(slice(payload, 99_000, 1000));
    assertThat(read(key, 54_321, 1)).containsExactly(payload[54_321]);
    assertThat(read(key, 99_999, 1)).containsExactly(payload[99_999]);
    assertThat(read(key, 0, -1)).isEqualTo(payload);
  }

  @Test
  void rangesAreCutAtTheEndOfTheBlob() throws IOException {
    byte[] payload = aPayload(1000, 11);
    BlobKey key = key("t1/short");
    store.put(key, new ByteArrayInputStream(payload), payload.length, null);

    assertThat(read(key, 900, 500)).isEqualTo(slice(payload, 900, 100));
    assertThat(read(key, 1000, -1)).isEmpty();
    assertThat(read(key, 10, 0)).isEmpty();
  }

  @Test
  void invalidRangesAreRejected() throws IOException {
    BlobKey key = key("t1/x");
    store.put(key, new ByteArrayInputStream(new byte[10]), 10, null);

    assertThatThrownBy(() -> store.open(key, -1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.open(key, 0, -2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headOfAMissingKeyIsEmpty() throws IOException {
    assertThat(store.head(key("t1/nothing"))).isEmpty();
  }

  @Test
  void openOfAMissingKeyThrowsNoSuchBlob() {
    assertThatThrownBy(() -> store.open(key("t1/nothing"))).isInstanceOf(NoSuchBlobException.class);
    assertThatThrownBy(() -> store.open(key("t1/nothing"), 10, 5))
        .isInstanceOf(NoSuchBlobException.class);
    assertThatThrownBy(() -> store.open(key("t1/nothing"), 0, 0))
        .isInstanceOf(NoSuchBlobException.class);
  }

  @Test
  void deleteReturnsTrueThenFalse() throws IOException {
    BlobKey key = key("t1/gone");
    store.put(key, new ByteArrayInputStream(new byte[] {42}), 1, null);

    assertThat(store.delete(key)).isTrue();
    assertThat(store.delete(key)).isFalse();
    assertThat(store.head(key)).isEmpty();
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchBlobException.class);
  }

  @Test
  void deleteOfOneKeyLeavesItsNeighbours() throws IOException {
    store.put(key("t1/a/1"), new ByteArrayInputStream(new byte[] {1}), 1, null);
    store.put(key("t1/a/2"), new ByteArrayInputStream(new byte[] {2}), 1, null);

    assertThat(store.delete(key("t1/a/1"))).isTrue();

    assertThat(store.open(key("t1/a/2")).readAllBytes()).containsExactly(2);
    assertThat(store.list(key("t1"), 10))
        .extracting(BlobMetadata::key)
        .containsExactly(key("t1/a/2"));
  }

  @Test
  void copyLeavesBothBlobsReadable() throws IOException {
    byte[] payload = aPayload(2 * MIB + 3, 12);
    BlobKey source = key("t1/source");
    BlobKey target = key("t2/copies/target");
    store.put(source, new ByteArrayInputStream(payload), payload.length, "audio/ogg");

    store.copy(source, target);

    assertThat(sha256(store.open(source))).isEqualTo(sha256(payload));
    assertThat(sha256(store.open(target))).isEqualTo(sha256(payload));
    BlobMetadata head = store.head(target).orElseThrow();
    assertThat(head.size()).isEqualTo(payload.length);
    assertThat(head.contentType()).isEqualTo("audio/ogg");
  }

  @Test
  void copyOverAnExistingBlobReplacesIt() throws IOException {
    BlobKey source = key("t1/new");
    BlobKey target = key("t1/old");
    store.put(source, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "text/plain");
    store.put(target, new ByteArrayInputStream(new byte[] {9}), 1, "image/gif");

    store.copy(source, target);

    assertThat(store.open(target).readAllBytes()).containsExactly(1, 2, 3);
    assertThat(store.head(target).orElseThrow().contentType()).isEqualTo("text/plain");
  }

  @Test
  void copyOfAMissingKeyThrowsNoSuchBlob() {
    assertThatThrownBy(() -> store.copy(key("t1/nothing"), key("t1/target")))
        .isInstanceOf(NoSuchBlobException.class);
    assertThat(headQuietly(key("t1/target"))).isEmpty();
  }

  @Test
  void listReturnsOnlyKeysUnderThePrefixInKeyOrder() throws IOException {
    for (String path :
        List.of(
            "t1/a/y/z", "t1/a/x", "t1/a/y-1", "t1/a/b", "t1/ab/c", "t1/a-c", "t1/abc", "t2/a/x")) {
      store.put(key(path), new ByteArrayInputStream(path.getBytes()), path.length(), "text/plain");
    }

    List<BlobMetadata> listed = store.list(key("t1/a"), 100);

    // key order is the order of the strings: '-' (0x2d) sorts before '/' (0x2f)
    assertThat(listed)
        .extracting(BlobMetadata::key)
        .containsExactly(key("t1/a/b"), key("t1/a/x"), key("t1/a/y-1"), key("t1/a/y/z"));
    assertThat(listed).extracting(BlobMetadata::size).containsExactly(6L, 6L, 8L, 8L);
    assertThat(listed).allSatisfy(m -> assertThat(m.lastModified()).isNotNull());
    assertThat(store.list(key("t1"), 100))
        .extracting(BlobMetadata::key)
        .containsExactly(
            key("t1/a-c"),
            key("t1/a/b"),
            key("t1/a/x"),
            key("t1/a/y-1"),
            key("t1/a/y/z"),
            key("t1/ab/c"),
            key("t1/abc"));
  }

  @Test
  void listIsCappedByMax() throws IOException {
    for (int i = 0; i < 7; i++) {
      store.put(key("t1/many/" + i), new ByteArrayInputStream(new byte[] {(byte) i}), 1, null);
    }

    assertThat(store.list(key("t1/many"), 3))
        .extracting(BlobMetadata::key)
        .containsExactly(key("t1/many/0"), key("t1/many/1"), key("t1/many/2"));
    assertThat(store.list(key("t1/many"), 0)).isEmpty();
    assertThat(store.list(key("t1/none"), 10)).isEmpty();
    assertThat(store.list(key("t1/many/0"), 10)).isEmpty();
  }

  @Test
  void presignedGetIsEmptyOrServesTheExactBytes() throws Exception {
    byte[] payload = aPayload(300_000, 13);
    BlobKey key = key("t1/shared");
    store.put(key, new ByteArrayInputStream(payload), payload.length, "image/jpeg");

    DownloadHeaders headers = DownloadHeaders.attachment("holiday photo.jpg", "a1", "image/jpeg");
    Optional<URI> url = store.presignedGet(key, Duration.ofMinutes(5), headers);

    if (signsUrls()) {
      assertThat(url).isPresent();
    }
    if (url.isEmpty()) {
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> ok =
        http.send(
            HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(payload);
    assertThat(ok.headers().firstValue("Content-Disposition"))
        .hasValue(headers.contentDisposition());

    HttpResponse<byte[]> tampered =
        http.send(
            HttpRequest.newBuilder(tamper(url.get())).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(tampered.statusCode()).isIn(400, 401, 403);
    assertThat(tampered.body()).isNotEqualTo(payload);
  }

  /** Uploaded HTML or SVG served by a presigned URL must download, never render (item 9). */
  @Test
  void presignedGetServesActiveContentAsAnAttachmentThatNoBrowserRuns() throws Exception {
    byte[] page = "<html><script>alert(document.domain)</script></html>".getBytes();
    BlobKey key = key("t1/page");
    store.put(key, new ByteArrayInputStream(page), page.length, "text/html");

    DownloadHeaders headers =
        DownloadHeaders.attachment("r\u00e9sum\u00e9 \"1\".html", "a2", "text/html");
    Optional<URI> url = store.presignedGet(key, Duration.ofMinutes(5), headers);
    if (url.isEmpty()) {
      return;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> ok =
        http.send(
            HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(page);
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(ok.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(
            d ->
                assertThat(d)
                    .startsWith("attachment; filename=\"r_sum___1_.html\"")
                    .contains("filename*=UTF-8''r%C3%A9sum%C3%A9%20%221%22.html"));

    // the overrides are signed: asking for text/html instead is refused
    URI asHtml =
        URI.create(
            url.get()
                .toString()
                .replace("application%2Foctet-stream", "text%2Fhtml")
                .replace("application/octet-stream", "text/html"));
    assertThat(asHtml).isNotEqualTo(url.get());
    HttpResponse<byte[]> forged =
        http.send(
            HttpRequest.newBuilder(asHtml).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(forged.statusCode()).isIn(400, 401, 403);
  }

  @Test
  void concurrentPutsToDifferentKeysAllLand() throws Exception {
    int threads = 4;
    int perThread = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    byte[] payload = aPayload(64 * 1024 + i, thread * 100L + i);
                    store.put(
                        key("t1/c/" + thread + "/" + i),
                        new ByteArrayInputStream(payload),
                        i % 2 == 0 ? payload.length : -1,
                        "application/octet-stream");
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertThat(sha256(store.open(key("t1/c/" + t + "/" + i))))
            .isEqualTo(sha256(aPayload(64 * 1024 + i, t * 100L + i)));
      }
    }
    assertThat(store.list(key("t1/c"), 1000)).hasSize(threads * perThread);
  }

  @Test
  void backendHasAShortName() {
    assertThat(store.backend()).isIn("local", "s3", "gcs");
  }

  private void assertNothingStoredAt(BlobKey key) {
    if (showsFailedUploadsAsEmpty()) {
      headQuietly(key).ifPresent(m -> assertThat(m.size()).isZero());
    } else {
      assertThat(headQuietly(key)).isEmpty();
    }
  }

  private Optional<BlobMetadata> headQuietly(BlobKey key) {
    try {
      return store.head(key);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private byte[] read(BlobKey key, long offset, long length) throws IOException {
    try (InputStream in = store.open(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  private static byte[] slice(byte[] bytes, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(bytes, offset, out, 0, length);
    return out;
  }

  /** Flips one character of the signature (or, without a query, of the path). */
  private static URI tamper(URI url) {
    String s = url.toString();
    int sig = s.indexOf("Signature=");
    int at = sig >= 0 ? sig + "Signature=".length() : s.length() - 1;
    char c = s.charAt(at);
    char replacement = c == 'a' ? 'b' : 'a';
    return URI.create(s.substring(0, at) + replacement + s.substring(at + 1));
  }
}
