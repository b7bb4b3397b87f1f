package ai.omnix.pipeline.generation.provider.google;

import static ai.omnix.pipeline.generation.provider.HttpGenerationProviderContract.LOOPBACK;
import static ai.omnix.pipeline.generation.provider.google.GoogleTestRequests.aPng;
import static ai.omnix.pipeline.generation.provider.google.GoogleTestRequests.aVideoRequest;
import static ai.omnix.pipeline.generation.provider.google.GoogleTestRequests.base64;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.testkit.SettableClock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleVeoProviderTest {
  private static final String API_KEY = "AIza-test-0123456789abcdef";
  private static final String OPERATION =
      "models/" + GoogleTestRequests.VEO + "/operations/op-7f3a";
  private static final String START =
      "/v1beta/models/" + GoogleTestRequests.VEO + ":predictLongRunning";
  private static final String OPERATION_PATH = "/v1beta/" + OPERATION;
  private static final String FILE_PATH = "/v1beta/files/xyz:download";
  private static final byte[] FAKE_MP4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'};

  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T09:00:00Z"));

  private GoogleVeoProvider provider(Duration timeout) {
    return new GoogleVeoProvider(
        new GeminiApi(URI.create(server.baseUrl()), API_KEY, timeout, clock, LOOPBACK));
  }

  private GoogleVeoProvider provider() {
    return provider(Duration.ofSeconds(2));
  }

  private String videoUrl() {
    return server.baseUrl() + FILE_PATH + "?alt=media";
  }

  @AfterEach
  void everyCallCarriedTheKeyInItsHeaderOnly() {
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).allSatisfy(this::assertCarriesKey);
  }

  private void assertCarriesKey(LoggedRequest request) {
    assertThat(request.getHeader(GeminiApi.KEY_HEADER)).as(request.getUrl()).isEqualTo(API_KEY);
    assertThat(request.getUrl()).doesNotContain(API_KEY);
  }

  @Test
  void submitStartsAnOperationFromPromptAndImageAndReturnsItPending() throws Exception {
    byte[] firstFrame = aPng();
    server.stubFor(post(urlEqualTo(START)).willReturn(okJson("{\"name\":\"" + OPERATION + "\"}")));

    ProviderResponse response =
        provider()
            .submit(
                aVideoRequest()
                    .negativePrompt("blur")
                    .inputImage(firstFrame, "image/png")
                    .seed(7L)
                    .build());

    assertThat(response).isEqualTo(new ProviderResponse.Pending(OPERATION, Duration.ofSeconds(10)));
    server.verify(
        postRequestedFor(urlEqualTo(START))
            .withRequestBody(
                matchingJsonPath("$.instances[0].prompt", equalTo("a lighthouse at dusk")))
            .withRequestBody(
                matchingJsonPath(
                    "$.instances[0].image.bytesBase64Encoded", equalTo(base64(firstFrame))))
            .withRequestBody(
                matchingJsonPath("$.instances[0].image.mimeType", equalTo("image/png")))
            .withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo("16:9")))
            .withRequestBody(matchingJsonPath("$.parameters.durationSeconds", equalTo("8")))
            .withRequestBody(matchingJsonPath("$.parameters.negativePrompt", equalTo("blur"))));
  }

  @Test
  void aPortraitSizeAsksForNineBySixteen() throws Exception {
    server.stubFor(post(urlEqualTo(START)).willReturn(okJson("{\"name\":\"" + OPERATION + "\"}")));

    provider().submit(aVideoRequest().size(720, 1280).build());

    server.verify(
        postRequestedFor(urlEqualTo(START))
            .withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo("9:16"))));
  }

  @Test
  void pollIsPendingUntilTheOperationIsDoneThenReturnsTheVideoUrl() throws Exception {
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH))
            .inScenario("veo")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"name\":\"" + OPERATION + "\"}"))
            .willSetStateTo("done"));
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH))
            .inScenario("veo")
            .whenScenarioStateIs("done")
            .willReturn(
                okJson(
                    finished(
                        "{\"generatedSamples\":[{\"video\":{\"uri\":\"" + videoUrl() + "\"}}]}"))));
    ProviderRequest request = aVideoRequest().build();

    ProviderResponse first = provider().poll(request, OPERATION);
    ProviderResponse second = provider().poll(request, OPERATION);

    assertThat(first).isEqualTo(new ProviderResponse.Pending(OPERATION, Duration.ofSeconds(10)));
    assertThat(second)
        .isInstanceOfSatisfying(
            ProviderResponse.Completed.class,
            completed -> {
              assertThat(completed.media())
                  .extracting(GeneratedMedia::contentType, GeneratedMedia::url)
                  .containsExactly(tuple("video/mp4", URI.create(videoUrl())));
              assertThat(completed.requestId()).isEqualTo(OPERATION);
            });
    server.verify(2, getRequestedFor(urlEqualTo(OPERATION_PATH)));
  }

  @Test
  void downloadFetchesTheVideoWithTheKey() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .withHeader(GeminiApi.KEY_HEADER, equalTo(API_KEY))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "video/mp4")
                    .withBody(FAKE_MP4)));

    byte[] video;
    try (InputStream in =
        provider().download(GeneratedMedia.at("video/mp4", URI.create(videoUrl())))) {
      video = in.readAllBytes();
    }

    assertThat(video).isEqualTo(FAKE_MP4);
    server.verify(getRequestedFor(urlEqualTo(FILE_PATH + "?alt=media")));
  }

  @Test
  void aDownloadThatStallsAfterItsHeadersFailsWithATimeoutInsteadOfHanging() throws Exception {
    // WireMock's dribble delays the headers too, so a bare socket sends headers and a little body,
    // then goes quiet.
    CountDownLatch release = new CountDownLatch(1);
    try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serverThread =
          new Thread(
              () -> {
                try (Socket socket = stalling.accept()) {
                  BufferedReader request =
                      new BufferedReader(
                          new InputStreamReader(
                              socket.getInputStream(), StandardCharsets.ISO_8859_1));
                  for (String line = request.readLine();
                      line != null && !line.isEmpty();
                      line = request.readLine()) {
                    // the request is not needed
                  }
                  OutputStream out = socket.getOutputStream();
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100000\r\n\r\n"
                          .getBytes(StandardCharsets.ISO_8859_1));
                  out.write(FAKE_MP4);
                  out.flush();
                  release.await(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                  // the test only needs the stall
                }
              });
      serverThread.start();
      String base = "http://127.0.0.1:" + stalling.getLocalPort();
      GoogleVeoProvider provider =
          new GoogleVeoProvider(
              new GeminiApi(URI.create(base), API_KEY, Duration.ofMillis(300), clock, LOOPBACK));

      try (InputStream in =
          provider.download(GeneratedMedia.at("video/mp4", URI.create(base + FILE_PATH)))) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class);
      } finally {
        release.countDown();
        serverThread.join(5000);
      }
    }
  }

  @Test
  void aDownloadRedirectToAPlainHttpHostElsewhereIsNotFollowed() {
    String elsewhere = "http://127.0.0.1:" + server.getPort() + "/elsewhere";
    server.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider().download(GeneratedMedia.at("video/mp4", URI.create(videoUrl()))));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  /** Issue 10 item 8: Google's file URLs and their redirects get the same check as webhooks. */
  @Test
  void aDownloadRedirectToAPrivateAddressIsRefusedWithoutConnecting() throws Exception {
    OutboundAddressPolicy onlyTheApi =
        new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.1/32")));
    try (ServerSocket internal = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      server.stubFor(
          get(urlPathEqualTo(FILE_PATH))
              .willReturn(
                  aResponse()
                      .withStatus(302)
                      .withHeader(
                          "Location", "https://127.0.0.2:" + internal.getLocalPort() + "/latest")));
      GoogleVeoProvider provider =
          new GoogleVeoProvider(
              new GeminiApi(
                  URI.create(server.baseUrl()), API_KEY, Duration.ofSeconds(5), clock, onlyTheApi));

      ProviderException e =
          catchThrowableOfType(
              ProviderException.class,
              () -> provider.download(GeneratedMedia.at("video/mp4", URI.create(videoUrl()))));

      assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).contains("refused address");
      internal.setSoTimeout(300);
      assertThatThrownBy(internal::accept)
          .as("nothing connected to 127.0.0.2")
          .isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @ParameterizedTest(name = "gRPC code {0} → {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "8 | Resource has been exhausted (e.g. check quota). | RATE_LIMITED",
        "3 | The prompt could not be submitted: it violates the usage guidelines. | CONTENT_POLICY",
        "13 | Video generation failed due to an internal error. | GENERATION_FAILED"
      })
  void aFinishedOperationWithAnErrorIsClassified(int code, String message, Kind expected) {
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH))
            .willReturn(
                okJson(
                    "{\"name\":\""
                        + OPERATION
                        + "\",\"done\":true,\"error\":{\"code\":"
                        + code
                        + ",\"message\":\""
                        + message
                        + "\"}}")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider().poll(aVideoRequest().build(), OPERATION));

    assertThat(e.kind()).isEqualTo(expected);
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void aVideoRemovedByTheSafetyFiltersIsAContentPolicyRefusal() {
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH))
            .willReturn(
                okJson(
                    finished(
                        "{\"raiMediaFilteredCount\":1,"
                            + "\"raiMediaFilteredReasons\":[\"Unable to generate videos because the prompt was blocked. "
                            + "Support code 58061214.\"]}"))));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider().poll(aVideoRequest().build(), OPERATION));

    assertThat(e.kind()).isEqualTo(Kind.CONTENT_POLICY);
    assertThat(e.getMessage()).contains("58061214");
  }

  @Test
  void aPollAnswered503IsUnavailableAndNotRetried() {
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider().poll(aVideoRequest().build(), OPERATION));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.kind().failover()).isTrue();
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void aVideoUrlOnAnotherHostIsRejectedSoTheKeyNeverGoesThere() {
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH))
            .willReturn(
                okJson(
                    finished(
                        "{\"generatedSamples\":[{\"video\":{\"uri\":\"https://files.attacker.example/v.mp4\"}}]}"))));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider().poll(aVideoRequest().build(), OPERATION));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void anOperationIdThatIsNotAVeoOperationIsRefusedWithoutACall() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider().poll(aVideoRequest().build(), "models/veo/operations/../../files/xyz"));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aFinishedOperationWithoutAVideoOrAReasonIsMalformed() {
    server.stubFor(
        get(urlEqualTo(OPERATION_PATH)).willReturn(okJson(finished("{\"generatedSamples\":[]}"))));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider().poll(aVideoRequest().build(), OPERATION));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  private static String finished(String generateVideoResponse) {
    return "{\"name\":\""
        + OPERATION
        + "\",\"done\":true,\"response\":{\"@type\":"
        + "\"type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse\","
        + "\"generateVideoResponse\":"
        + generateVideoResponse
        + "}}";
  }
}
