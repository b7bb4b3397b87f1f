package ai.omnix.pipeline.lifecycle;

import ai.omnix.pipeline.storage.KeyPrefix;
import ai.omnix.pipeline.storage.s3.S3BlobStore;
import ai.omnix.pipeline.storage.s3.S3BlobStoreConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy in this JVM (filesystem store in a temp directory), started once, as storage tests do.
 */
public final class S3Sandbox {
  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret-key-0123456789";
  private static final String BUCKET = "omnix-lifecycle";
  private static URI endpoint;

  private S3Sandbox() {}

  private static synchronized URI endpoint() throws Exception {
    if (endpoint == null) {
      Path data = Files.createTempDirectory("s3proxy-");
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", data.toString());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(BlobStores.create("filesystem", properties))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .build();
      proxy.start();
      // S3Proxy starts Jetty in the background and offers no callback; bounded wait for its state
      for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
        Thread.sleep(10);
      }
      URI started = URI.create("http://127.0.0.1:" + proxy.getPort());
      try (S3Client admin =
          S3Client.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .endpointOverride(started)
              .forcePathStyle(true)
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
              .build()) {
        admin.createBucket(b -> b.bucket(BUCKET));
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      proxy.stop();
                    } catch (Exception ignored) {
                      // the JVM is exiting
                    }
                  }));
      endpoint = started;
    }
    return endpoint;
  }

  /** A store on the shared bucket under its own key prefix. */
  public static S3BlobStore store(String keyPrefix) throws Exception {
    return new S3BlobStore(
        new S3BlobStoreConfig(
            endpoint(),
            "us-east-1",
            BUCKET,
            KeyPrefix.of(keyPrefix),
            ACCESS_KEY,
            SECRET_KEY,
            true,
            S3BlobStoreConfig.Encryption.NONE,
            null));
  }
}
