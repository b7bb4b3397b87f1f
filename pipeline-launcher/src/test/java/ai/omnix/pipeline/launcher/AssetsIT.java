package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Uploads (multipart, raw, tus), downloads with ranges and signed links, limits, lineage,
 * isolation.
 */
class AssetsIT extends PipelineTestSupport {

  @Autowired AssetRepository assetRepository;

  @Autowired BlobStore blobStore;

  static byte[] aPng(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static byte[] aPdf() {
    return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
            + "trailer<</Root 1 0 R>>\n%%EOF\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static HttpRequest.BodyPublisher multipart(
      String boundary, String filename, byte[] content, String... fields) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < fields.length; i += 2) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + fields[i]
                  + "\"\r\n\r\n"
                  + fields[i + 1]
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
  }

  static ApiClient.Response uploadMultipart(
      ApiClient client, String filename, byte[] content, String... fields) {
    String boundary = "b" + UUID.randomUUID();
    return client.send(
        client
            .request("/v1/assets")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(multipart(boundary, filename, content, fields))
            .build());
  }

  static ApiClient.Response uploadRaw(
      ApiClient client, String filename, byte[] content, String... headers) {
    HttpRequest.Builder b =
        client
            .request(
                "/v1/assets?filename="
                    + java.net.URLEncoder.encode(filename, StandardCharsets.UTF_8))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(content));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build());
  }

  private static HttpResponse<byte[]> getBytes(ApiClient client, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b = client.request(path).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aMultipartUploadIsSniffedHashedAndStreamedBackWithRanges() throws Exception {
    ApiClient tenant = aTenant("pro");
    byte[] png = aPng(640, 360);
    ApiClient.Response created =
        uploadMultipart(tenant, "holiday photo.png", png, "sha256", sha256(png));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Map<String, Object> asset = created.json();
    assertThat(asset)
        .containsEntry("content_type", "image/png")
        .containsEntry("size", png.length)
        .containsEntry("sha256", sha256(png))
        .containsEntry("filename", "holiday photo.png");
    String id = (String) asset.get("id");
    assertThat(created.header("Location")).isEqualTo("/v1/assets/" + id);
    assertThat(tenant.get("/v1/assets/" + id).json()).containsEntry("id", id);

    HttpResponse<byte[]> whole = getBytes(tenant, "/v1/assets/" + id + "/content");
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(png);
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    HttpResponse<byte[]> slice =
        getBytes(tenant, "/v1/assets/" + id + "/content", "Range", "bytes=100-199");
    assertThat(slice.statusCode()).isEqualTo(206);
    assertThat(slice.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + png.length);
    assertThat(slice.body()).isEqualTo(java.util.Arrays.copyOfRange(png, 100, 200));
    HttpResponse<byte[]> tail =
        getBytes(tenant, "/v1/assets/" + id + "/content", "Range", "bytes=-10");
    assertThat(tail.body())
        .isEqualTo(java.util.Arrays.copyOfRange(png, png.length - 10, png.length));
    assertThat(
            getBytes(tenant, "/v1/assets/" + id + "/content", "Range", "bytes=999999999-")
                .statusCode())
        .isEqualTo(416);
  }

  @Test
  void aRawUploadKeepsTheNameAsMetadataOnlyUnderTheTenantsPrefix() throws Exception {
    ApiClient tenant = aTenant("pro");
    String nasty = "../../etc/passwd%2f..\\..\\report\u0000.pdf";
    ApiClient.Response created = uploadRaw(tenant, nasty, aPdf());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Map<String, Object> asset = created.json();
    assertThat(asset).containsEntry("content_type", "application/pdf");
    assertThat((String) asset.get("filename")).doesNotContain("/", "\\", "\u0000");
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    BlobKey key =
        assetRepository
            .find(new TenantId(tenantId), (String) asset.get("id"))
            .orElseThrow()
            .blobKey();
    assertThat(key.value()).isEqualTo("tenants/" + tenantId + "/assets/" + asset.get("id"));
  }

  @Test
  void aFileWhoseBytesDoNotMatchAnAllowedTypeIsRefusedWhateverItsName() {
    ApiClient tenant = aTenant("pro");
    byte[] exe = new byte[4096];
    exe[0] = 'M';
    exe[1] = 'Z';
    new Random(1).nextBytes(java.util.Arrays.copyOfRange(exe, 2, 4096));
    ApiClient.Response refused = uploadMultipart(tenant, "invoice.pdf", exe);
    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.json()).containsEntry("code", "unsupported_content_type");
    assertThat(uploadRaw(tenant, "empty.txt", new byte[0]).json())
        .containsEntry("code", "empty_upload");
    assertThat((List<?>) tenant.get("/v1/assets").json().get("data")).isEmpty();
  }

  @Test
  void aChecksumMismatchIsRefusedAndNothingIsKept() throws Exception {
    ApiClient tenant = aTenant("pro");
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    ApiClient.Response refused =
        uploadRaw(tenant, "a.pdf", aPdf(), "X-Content-SHA256", "0".repeat(64));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("code", "checksum_mismatch");
    assertThat((List<?>) tenant.get("/v1/assets").json().get("data")).isEmpty();
    assertThat(blobStore.list(BlobKey.of("tenants", tenantId), 10)).isEmpty();
    assertThat(uploadRaw(tenant, "a.pdf", aPdf(), "X-Content-SHA256", "xyz").json())
        .containsEntry("code", "invalid_checksum");
  }

  @Test
  void aDeclaredSizeOverThePlanLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
    ApiClient student = aTenant("student");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/assets?filename=big.mp4 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + student.key()
                  + "\r\nContent-Type: video/mp4\r\nContent-Length: "
                  + (11L * 1024 * 1024)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void aStreamedBodyOverTheLimitIsCutOffWithoutTheServerHoldingIt() throws Exception {
    ApiClient student = aTenant("student");
    byte[] png = aPng(64, 64);
    byte[] chunk = new byte[64 * 1024];
    new Random(7).nextBytes(chunk);
    long total = 200L * 1024 * 1024;
    System.gc();
    long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long written = 0;
    String answer;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(
          ("POST /v1/assets?filename=big.png HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + student.key()
                  + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        writeChunk(out, png);
        written += png.length;
        while (written < total && in.available() == 0) {
          writeChunk(out, chunk);
          written += chunk.length;
        }
      } catch (IOException closedByServer) {
        // the server answered and closed the connection: what we want
      }
      answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
    }
    System.gc();
    long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

    assertThat(answer).isEqualTo("HTTP/1.1 413");
    assertThat(written)
        .as("bytes the client got to send of a 200 MiB body")
        .isLessThan(40L * 1024 * 1024);
    assertThat(heapAfter - heapBefore)
        .as("heap growth while refusing a 200 MiB body")
        .isLessThan(48L * 1024 * 1024);
    String tenantId = (String) student.get("/v1/me").json().get("id");
    assertThat(blobStore.list(BlobKey.of("tenants", tenantId), 10))
        .as("the partial upload is removed")
        .isEmpty();
  }

  private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(chunk);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aResumableUploadSurvivesAnInterruptionAndBecomesAnAsset() throws Exception {
    ApiClient tenant = aTenant("pro");
    byte[] content = new byte[3 * 1024 * 1024];
    new Random(3).nextBytes(content);
    System.arraycopy(aPng(32, 32), 0, content, 0, 32);
    byte[] png = aPng(700, 500);
    content = java.util.Arrays.copyOf(png, png.length + content.length);
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> created =
        http.send(
            tenant
                .request("/v1/uploads")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(content.length))
                .header(
                    "Upload-Metadata",
                    "filename "
                        + java.util.Base64.getEncoder().encodeToString("big.png".getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String path = java.net.URI.create(location).getPath();
    String uploadId = path.substring(path.lastIndexOf('/') + 1);

    int half = content.length / 2;
    HttpResponse<String> first =
        http.send(
            tenant
                .request(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(content, half)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(204);

    // the connection drops in the middle of the second part
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PATCH "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + tenant.key()
                  + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: "
                  + half
                  + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: "
                  + (content.length - half)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(content, half, 256 * 1024);
      out.flush();
    }

    long offset =
        await(
            java.time.Duration.ofSeconds(20),
            () -> {
              try {
                return Long.parseLong(
                    http.send(
                            tenant
                                .request(path)
                                .header("Tus-Resumable", "1.0.0")
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .headers()
                        .firstValue("Upload-Offset")
                        .orElse("-1"));
              } catch (Exception e) {
                return -1L;
              }
            },
            o -> o >= half,
            "the server to report the offset after the interruption");
    assertThat(offset).isLessThan(content.length);

    ApiClient.Response early = tenant.post("/v1/uploads/" + uploadId + "/complete", "{}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json()).containsEntry("code", "upload_incomplete");

    HttpResponse<String> rest =
        http.send(
            tenant
                .request(path)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofByteArray(
                        java.util.Arrays.copyOfRange(content, (int) offset, content.length)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(rest.statusCode()).isEqualTo(204);

    ApiClient stranger = aTenant("pro");
    assertThat(stranger.post("/v1/uploads/" + uploadId + "/complete", "{}").status())
        .isEqualTo(404);

    ApiClient.Response done =
        tenant.post("/v1/uploads/" + uploadId + "/complete", Map.of("sha256", sha256(content)));
    assertThat(done.status()).as(done.body()).isEqualTo(201);
    assertThat(done.json())
        .containsEntry("sha256", sha256(content))
        .containsEntry("size", content.length)
        .containsEntry("content_type", "image/png")
        .containsEntry("filename", "big.png");
    ApiClient.Response again = tenant.post("/v1/uploads/" + uploadId + "/complete", "{}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("id")).isEqualTo(done.json().get("id"));
    assertThat(getBytes(tenant, "/v1/assets/" + done.json().get("id") + "/content").body())
        .isEqualTo(content);
  }

  @Test
  void aResumableUploadOverThePlanLimitIsRefusedAtCreation() {
    ApiClient student = aTenant("student");
    ApiClient.Response r =
        student.send(
            student
                .request("/v1/uploads")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(50L * 1024 * 1024))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json()).containsEntry("code", "upload_too_large");
  }

  @Test
  void anotherTenantsAssetIsNotFoundAndSignedLinksWorkWithoutAKey() throws Exception {
    ApiClient owner = aTenant("pro");
    ApiClient stranger = aTenant("pro");
    byte[] png = aPng(100, 100);
    String id = (String) uploadMultipart(owner, "a.png", png).json().get("id");
    for (String path :
        List.of(
            "/v1/assets/" + id,
            "/v1/assets/" + id + "/content",
            "/v1/assets/" + id + "/download-url",
            "/v1/assets/" + id + "/derivatives")) {
      ApiClient.Response r = stranger.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
    }
    assertThat(stranger.send(stranger.request("/v1/assets/" + id).DELETE().build()).status())
        .isEqualTo(404);

    String url = (String) owner.get("/v1/assets/" + id + "/download-url").json().get("url");
    HttpResponse<byte[]> viaLink =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(viaLink.statusCode()).isEqualTo(200);
    assertThat(viaLink.body()).isEqualTo(png);
    String forged = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(java.net.URI.create(forged)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void lineageListsEveryDerivativeAndDeletingTheSourceRemovesThemAll() throws Exception {
    ApiClient tenant = aTenant("pro");
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    String original = (String) uploadMultipart(tenant, "a.png", aPng(50, 50)).json().get("id");
    String child = derived(tenantId, original);
    String grandchild = derived(tenantId, child);

    Map<String, Object> lineage = tenant.get("/v1/assets/" + original + "/derivatives").json();
    assertThat(lineage.get("data"))
        .asString()
        .contains("id=" + child, "depth=1", "id=" + grandchild, "depth=2");

    assertThat(tenant.send(tenant.request("/v1/assets/" + original).DELETE().build()).status())
        .isEqualTo(204);
    for (String id : List.of(original, child, grandchild)) {
      assertThat(tenant.get("/v1/assets/" + id).status()).isEqualTo(404);
    }
    assertThat(blobStore.list(BlobKey.of("tenants", tenantId), 10)).isEmpty();
  }

  private String derived(String tenantId, String source) throws IOException {
    String id = AssetRepository.newId();
    BlobKey key = AssetRepository.blobKey(new TenantId(tenantId), id);
    byte[] bytes = "derived".getBytes(StandardCharsets.UTF_8);
    blobStore.put(key, new java.io.ByteArrayInputStream(bytes), bytes.length, "text/plain");
    assetRepository.insert(
        new AssetRepository.NewAsset(
            id,
            new TenantId(tenantId),
            key,
            blobStore.backend(),
            "d.txt",
            "text/plain",
            bytes.length,
            "x",
            source,
            null,
            null,
            Map.of()));
    return id;
  }

  @Test
  void aJobOnAnAssetRunsAndAJobOnSomeoneElsesAssetIsRefused() throws Exception {
    ApiClient owner = aTenant("pro");
    ApiClient stranger = aTenant("pro");
    byte[] png = aPng(120, 80);
    String id = (String) uploadMultipart(owner, "a.png", png).json().get("id");

    String job =
        (String)
            owner
                .post("/v1/jobs", Map.of("type", "verify-asset", "input", Map.of("asset_id", id)))
                .json()
                .get("id");
    Map<String, Object> done = awaitStatus(owner, job, "succeeded");
    assertThat(done.get("result")).asString().contains("intact=true", "sha256=" + sha256(png));

    ApiClient.Response refused =
        stranger.post("/v1/jobs", Map.of("type", "verify-asset", "input", Map.of("asset_id", id)));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json()).containsEntry("code", "unknown_asset");
  }
}
