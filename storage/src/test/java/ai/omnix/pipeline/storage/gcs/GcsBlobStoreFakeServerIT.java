package ai.omnix.pipeline.storage.gcs;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.BlobStoreContract;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The contract against fake-gcs-server, which speaks GCS's JSON API including resumable uploads,
 * over real HTTP. Without credentials the store cannot sign, so {@code presignedGet} is empty.
 * Skipped where Docker is missing.
 */
@Testcontainers(disabledWithoutDocker = true)
class GcsBlobStoreFakeServerIT extends BlobStoreContract {
  private static final String BUCKET = "omnix-it";
  private static final int PORT = 4443;

  @Container
  static final GenericContainer<?> FAKE_GCS =
      new GenericContainer<>("fsouza/fake-gcs-server:1.52.2")
          .withExposedPorts(PORT)
          .withCommand("-scheme", "http", "-port", String.valueOf(PORT), "-backend", "memory");

  private static Storage storage;

  @BeforeAll
  static void createBucket() throws Exception {
    String url = "http://" + FAKE_GCS.getHost() + ":" + FAKE_GCS.getMappedPort(PORT);
    pointResumableUploadsAt(url);
    storage =
        StorageOptions.newBuilder()
            .setHost(url)
            .setProjectId("omnix-test")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    storage.create(BucketInfo.of(BUCKET));
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  /**
   * The server hands out resumable-upload URLs on its external URL, which is the mapped port only
   * we know.
   */
  private static void pointResumableUploadsAt(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/_internal/config"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"externalUrl\": \"" + url + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "fake-gcs-server refused its external URL: "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  @Override
  protected BlobStore store() {
    return new GcsBlobStore(storage, GcsBlobStoreConfig.of(BUCKET));
  }
}
