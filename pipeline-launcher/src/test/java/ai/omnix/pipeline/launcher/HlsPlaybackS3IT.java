package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same playback as {@link HlsPlaybackIT} with every blob in S3 (S3Proxy in this JVM, over real
 * HTTP): the hls job's outputs are written to the bucket, and the playback URL serves them from
 * there by relative path. GCS goes through the same {@code BlobStore} port and the same controller.
 * Its own database and application context, so that no worker of another context runs its job.
 */
@SpringBootTest(
    classes = PipelineApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HlsPlaybackS3IT {
  private static final String ADMIN_KEY = "omx_test_admin_key_hls_s3_0123456789ab";
  private static final String DATABASE = SharedPostgres.newDatabase("hls_s3_it");
  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret-key-0123456789";
  private static final String BUCKET = "omnix-hls";

  private static Path proxyData;
  private static S3Proxy proxy;

  @TempDir Path dir;
  @LocalServerPort int port;
  @Autowired BlobStore blobs;

  @DynamicPropertySource
  static void s3Storage(DynamicPropertyRegistry registry) throws Exception {
    URI endpoint = startS3Proxy();
    registry.add("spring.datasource.url", () -> DATABASE);
    registry.add("spring.datasource.username", SharedPostgres::username);
    registry.add("spring.datasource.password", () -> "");
    registry.add("omnix.roles", () -> "api,worker");
    ProviderStubs.register(registry);
    registry.add("omnix.api.bootstrap-api-key", () -> ADMIN_KEY);
    registry.add("jobrunr.dashboard.enabled", () -> "false");
    registry.add(
        "omnix.data-dir",
        () -> "target/it-data/" + DATABASE.substring(DATABASE.lastIndexOf('/') + 1));
    registry.add("omnix.storage.backend", () -> "s3");
    registry.add("omnix.storage.s3.endpoint", endpoint::toString);
    registry.add("omnix.storage.s3.region", () -> "us-east-1");
    registry.add("omnix.storage.s3.bucket", () -> BUCKET);
    registry.add("omnix.storage.s3.key-prefix", () -> "hls-it");
    registry.add("omnix.storage.s3.access-key-id", () -> ACCESS_KEY);
    registry.add("omnix.storage.s3.secret-access-key", () -> SECRET_KEY);
    registry.add("omnix.storage.s3.path-style", () -> "true");
  }

  private static synchronized URI startS3Proxy() throws Exception {
    if (proxy == null) {
      proxyData = Files.createTempDirectory("hls-s3proxy");
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
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client admin =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      if (admin.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
        admin.createBucket(b -> b.bucket(BUCKET));
      }
    }
    return endpoint;
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (proxy != null) {
      proxy.stop();
    }
  }

  private ApiClient aTenant() {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient.Response created =
        new ApiClient(port, ADMIN_KEY).post("/v1/tenants", Map.of("id", id, "plan", "pro"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // jobs reserve credits at submit (billing's escrow): the tenant pays for its hls job
    ApiClient.Response granted =
        new ApiClient(port, ADMIN_KEY)
            .post(
                "/v1/tenants/" + id + "/credit-grants",
                Map.of("amount", PipelineTestSupport.TEST_CREDITS, "reason", "test credits"));
    assertThat(granted.status()).as(granted.body()).isEqualTo(201);
    return new ApiClient(port, (String) created.json().get("api_key"));
  }

  @Test
  void theBundledFfmpegPlaysEveryRungOfAnHlsJobStoredInS3() throws Exception {
    assertThat(blobs.backend()).isEqualTo("s3");
    Map<String, Object> job = HlsPlayback.anHlsJob(aTenant(), dir);
    String playbackUrl = HlsPlayback.playbackUrl(job);
    assertThat(playbackUrl).contains("/play/").endsWith("/hls/master.m3u8");
    try (var files = Files.walk(proxyData)) {
      assertThat(files.map(Path::toString).filter(p -> p.endsWith("index.m3u8")))
          .as("the rung playlists live in the bucket")
          .hasSize(HlsPlayback.rungs(job).size());
    }

    HlsPlayback.playsEveryRung(playbackUrl, HlsPlayback.rungs(job), dir);

    String init = HlsPlayback.sibling(playbackUrl, "360p/init.mp4");
    HttpResponse<byte[]> part = HlsPlayback.get(init, "Range", "bytes=4-7");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(new String(part.body(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("ftyp");
  }
}
