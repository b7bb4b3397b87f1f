package ai.omnix.pipeline.storage.s3;

import static ai.omnix.pipeline.storage.Payloads.aPayload;
import static ai.omnix.pipeline.storage.Payloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.BlobStoreContract;
import ai.omnix.pipeline.storage.KeyPrefix;
import ai.omnix.pipeline.storage.Payloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against S3Proxy in this JVM (filesystem store under a temp directory), over real
 * HTTP.
 */
class S3BlobStoreTest extends BlobStoreContract {
  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret-key-0123456789";
  private static final String BUCKET = "omnix-test";

  @TempDir static Path proxyData;
  private static S3Proxy proxy;
  private static URI endpoint;
  private static S3BlobStore shared;
  private static S3Client admin;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", proxyData.toString());
    proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", properties))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    admin =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    admin.createBucket(b -> b.bucket(BUCKET));
    shared = new S3BlobStore(config(null), 1024 * 1024, 5L * 1024 * 1024);
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (shared != null) {
      shared.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
  }

  /** Without server-side encryption: S3Proxy answers 501 Not Implemented to SSE headers. */
  private static S3BlobStoreConfig config(String keyPrefix) {
    return config(keyPrefix, S3BlobStoreConfig.Encryption.NONE);
  }

  private static S3BlobStoreConfig config(
      String keyPrefix, S3BlobStoreConfig.Encryption encryption) {
    return config(endpoint, keyPrefix, encryption);
  }

  private static S3BlobStoreConfig config(
      URI endpoint, String keyPrefix, S3BlobStoreConfig.Encryption encryption) {
    return new S3BlobStoreConfig(
        endpoint,
        "us-east-1",
        BUCKET,
        KeyPrefix.of(keyPrefix),
        ACCESS_KEY,
        SECRET_KEY,
        true,
        encryption,
        null);
  }

  @Override
  protected BlobStore store() {
    return shared;
  }

  @Override
  protected boolean signsUrls() {
    return true;
  }

  @Test
  void copyAboveTheThresholdGoesThroughAMultipartCopy() throws Exception {
    // this store's threshold is 1 MiB and its copy parts 5 MiB: 12 MiB makes three parts
    byte[] payload = aPayload(12 * 1024 * 1024 + 5, 21);
    BlobKey source = key("t1/large");
    store.put(source, new ByteArrayInputStream(payload), payload.length, "video/mp4");

    store.copy(source, key("t1/large-copy"));

    assertThat(sha256(store.open(key("t1/large-copy")))).isEqualTo(sha256(payload));
    assertThat(store.head(key("t1/large-copy")).orElseThrow().contentType()).isEqualTo("video/mp4");
  }

  @Test
  void aKeyPrefixConfinesTheStoreToItsFolder() throws Exception {
    try (S3BlobStore prefixed = new S3BlobStore(config("/tenants/"))) {
      prefixed.put(key("t1/a"), new ByteArrayInputStream(new byte[] {1, 2}), 2, "text/plain");

      assertThat(
              admin
                  .headObject(b -> b.bucket(BUCKET).key("tenants/" + key("t1/a").value()))
                  .contentLength())
          .isEqualTo(2);
      assertThat(prefixed.list(key("t1"), 10))
          .extracting(m -> m.key())
          .containsExactly(key("t1/a"));
      assertThat(store.head(key("t1/a"))).isEmpty();
    }
  }

  @Test
  void anUploadWhoseConnectionDropsMidBodyIsSentAgain() throws Exception {
    byte[] payload = aPayload(2 * 1024 * 1024 + 3, 31);
    try (DroppingTcpProxy faulty = new DroppingTcpProxy(proxy.getPort());
        S3BlobStore through =
            new S3BlobStore(config(faulty.endpoint(), null, S3BlobStoreConfig.Encryption.NONE))) {
      faulty.dropAfter(600 * 1024);
      through.put(key("t1/resent"), new ByteArrayInputStream(payload), payload.length, null);

      faulty.dropAfter(3L * 1024 * 1024);
      through.put(
          key("t1/resent-parts"), Payloads.aGeneratedStream(9L * 1024 * 1024, 32), -1, null);

      assertThat(faulty.drops()).isEqualTo(2);

      // a large known length is streamed: a break past its rewind window fails clearly, stores
      // nothing
      faulty.dropAfter(3L * 1024 * 1024);
      assertThatThrownBy(
              () ->
                  through.put(
                      key("t1/large-cut"),
                      Payloads.aGeneratedStream(9L * 1024 * 1024, 33),
                      9L * 1024 * 1024,
                      null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot be re-sent");
      assertThat(store.head(key("t1/large-cut"))).isEmpty();
    }
    assertThat(sha256(store.open(key("t1/resent")))).isEqualTo(sha256(payload));
    assertThat(sha256(store.open(key("t1/resent-parts"))))
        .isEqualTo(sha256(Payloads.aGeneratedStream(9L * 1024 * 1024, 32)));
  }

  @Test
  void aSmallUploadIsHeldWholeAndAnUnknownLengthInParts() {
    int part = S3BlobStore.PART_SIZE;
    assertThat(S3BlobStore.partSize(0)).isEqualTo(1);
    assertThat(S3BlobStore.partSize(part - 1)).isEqualTo(part);
    assertThat(S3BlobStore.partSize(-1)).isEqualTo(part);
  }

  @Test
  void failedUnknownLengthUploadsAreAborted() throws Exception {
    // more than one part, then the client goes away: the multipart upload must not linger
    assertThatThrownBy(
            () ->
                store.put(
                    key("t1/aborted"), Payloads.aStreamFailingAfter(9L * 1024 * 1024), -1, null))
        .isInstanceOf(IOException.class);

    assertThat(admin.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
        .noneMatch(u -> u.key().equals(key("t1/aborted").value()));
  }

  @Test
  void serverSideEncryptionIsRequestedOnPutMultipartAndCopy() throws Exception {
    // S3Proxy implements no SSE and refuses its headers with 501: the refusal proves they are sent.
    // The payload is
    // small because S3Proxy answers before reading a body, which a large body meets as a broken
    // connection.
    store.put(key("t1/plain"), new ByteArrayInputStream(new byte[] {1}), 1, null);
    try (S3BlobStore encrypted =
        new S3BlobStore(config(null, S3BlobStoreConfig.Encryption.AES256))) {
      byte[] payload = aPayload(100, 22);
      assertThatThrownBy(
              () ->
                  encrypted.put(
                      key("t1/sse"), new ByteArrayInputStream(payload), payload.length, null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("ncryption");
      assertThatThrownBy(
              () ->
                  encrypted.put(
                      key("t1/sse-parts"),
                      Payloads.aGeneratedStream(9L * 1024 * 1024, 23),
                      -1,
                      null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("ncryption");
      assertThatThrownBy(() -> encrypted.copy(key("t1/plain"), key("t1/sse-copy")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("ncryption");
    }
    assertThat(store.list(key("t1"), 10)).extracting(m -> m.key()).containsExactly(key("t1/plain"));
  }
}
