package ai.omnix.pipeline.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GCS signs V4 URLs locally with a service account's private key, so the URL can be checked without
 * a server (the in-memory fake cannot serve signed URLs): the download headers travel as signed
 * {@code response-content-disposition} and {@code response-content-type} parameters.
 */
class GcsPresignedUrlTest {

  private static GcsBlobStore signingStore() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    ServiceAccountCredentials credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail("omnix-test@omnix-test.iam.gserviceaccount.com")
            .setPrivateKey(generator.generateKeyPair().getPrivate())
            .setPrivateKeyId("test-key")
            .setProjectId("omnix-test")
            .build();
    return new GcsBlobStore(
        StorageOptions.newBuilder()
            .setProjectId("omnix-test")
            .setCredentials(credentials)
            .build()
            .getService(),
        GcsBlobStoreConfig.of("omnix-assets"));
  }

  private static Map<String, String> query(URI url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Test
  void aPresignedUrlCarriesSignedAttachmentHeaders() throws Exception {
    DownloadHeaders headers = DownloadHeaders.attachment("logo.svg", "a1", "image/svg+xml");
    URI url =
        signingStore()
            .presignedGet(new BlobKey("tenants/t1/assets/a1"), Duration.ofMinutes(5), headers)
            .orElseThrow();

    Map<String, String> params = query(url);
    assertThat(params)
        .containsEntry("response-content-disposition", headers.contentDisposition())
        .containsEntry("response-content-type", "application/octet-stream")
        .containsEntry("X-Goog-Algorithm", "GOOG4-RSA-SHA256")
        .containsKey("X-Goog-Signature");
    assertThat(headers.contentDisposition()).startsWith("attachment; filename=\"logo.svg\"");
  }
}
