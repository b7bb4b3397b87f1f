package ai.omnix.pipeline.generation.provider.google;

import static ai.omnix.pipeline.generation.provider.google.GoogleTestRequests.aPng;
import static ai.omnix.pipeline.generation.provider.google.GoogleTestRequests.anImageRequest;
import static ai.omnix.pipeline.generation.provider.google.GoogleTestRequests.base64;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.HttpGenerationProviderContract;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.testkit.SettableClock;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleImagenProviderTest extends HttpGenerationProviderContract {
  private static final String PREDICT = "/v1beta/models/" + GoogleTestRequests.IMAGEN + ":predict";
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final byte[] PNG = aPng();

  private final SettableClock clock = new SettableClock(NOW);

  @Override
  protected GenerationProvider provider(String baseUrl, Duration timeout) {
    return new GoogleImagenProvider(
        new GeminiApi(URI.create(baseUrl), API_KEY, timeout, clock, LOOPBACK));
  }

  private GenerationProvider provider() {
    return provider(server.baseUrl(), TIMEOUT);
  }

  @Override
  protected ProviderRequest aRequest() {
    return anImageRequest().build();
  }

  @Override
  protected void stubSuccess() {
    stubPredictions(prediction(PNG));
  }

  @Override
  protected void stubSubmitError(int status, String retryAfter) {
    ResponseDefinitionBuilder answer =
        googleError(
            status,
            switch (status) {
              case 400 -> "INVALID_ARGUMENT";
              case 401 -> "UNAUTHENTICATED";
              case 403 -> "PERMISSION_DENIED";
              case 429 -> "RESOURCE_EXHAUSTED";
              case 503 -> "UNAVAILABLE";
              default -> "INTERNAL";
            },
            "the stubbed failure",
            "");
    if (retryAfter != null) {
      answer.withHeader("Retry-After", retryAfter);
    }
    server.stubFor(post(urlEqualTo(PREDICT)).willReturn(answer));
  }

  @Override
  protected void stubContentPolicyRefusal() {
    stubPredictions(
        "{\"raiFilteredReason\":\"The image was filtered out because it violated Google's Responsible AI "
            + "practices. Try rephrasing the prompt.\"}");
  }

  @Override
  protected void stubMalformedSubmit() {
    server.stubFor(
        post(urlEqualTo(PREDICT))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>gateway says hello</body></html>")));
  }

  @Override
  protected void stubSlowSubmit(Duration delay) {
    server.stubFor(
        post(urlEqualTo(PREDICT))
            .willReturn(
                okJson(predictionsBody(prediction(PNG))).withFixedDelay((int) delay.toMillis())));
  }

  @Override
  protected boolean carriesKey(LoggedRequest request) {
    return API_KEY.equals(request.getHeader(GeminiApi.KEY_HEADER))
        && !request.getUrl().contains(API_KEY);
  }

  @Test
  void returnsOneInlineImagePerPredictionAndSendsPromptCountAndNegativePromptButNoSeed()
      throws Exception {
    stubPredictions(prediction(PNG), prediction(PNG));

    ProviderResponse response =
        provider().submit(anImageRequest().count(2).negativePrompt("fog").seed(42L).build());

    assertThat(response)
        .isInstanceOfSatisfying(
            ProviderResponse.Completed.class,
            completed ->
                assertThat(completed.media())
                    .hasSize(2)
                    .allSatisfy(
                        media -> {
                          assertThat(media.contentType()).isEqualTo("image/png");
                          assertThat(media.data()).isEqualTo(PNG);
                        }));
    server.verify(
        postRequestedFor(urlEqualTo(PREDICT))
            .withRequestBody(
                matchingJsonPath("$.instances[0].prompt", equalTo("a lighthouse at dusk")))
            .withRequestBody(matchingJsonPath("$.parameters.sampleCount", equalTo("2")))
            .withRequestBody(matchingJsonPath("$.parameters.negativePrompt", equalTo("fog")))
            .withRequestBody(notContaining("seed")));
  }

  @ParameterizedTest(name = "{0}x{1} with ratio [{2}] asks for {3}")
  @CsvSource({
    "1024, 1024, , 1:1",
    "1920, 1080, , 16:9",
    "1080, 1920, , 9:16",
    "1200, 900, , 4:3",
    "768, 1024, , 3:4",
    "1000, 700, , 4:3",
    "2100, 900, , 16:9",
    "1920, 1080, 3:4, 3:4"
  })
  void asksForTheNearestSupportedAspectRatioUnlessOneIsGiven(
      int width, int height, String given, String expected) throws Exception {
    stubSuccess();

    provider().submit(anImageRequest().size(width, height).aspectRatio(given).build());

    server.verify(
        postRequestedFor(urlEqualTo(PREDICT))
            .withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo(expected))));
  }

  @Test
  void anAnswerWithoutPredictionsIsAContentPolicyRefusal() {
    server.stubFor(post(urlEqualTo(PREDICT)).willReturn(okJson("{}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.CONTENT_POLICY);
  }

  @Test
  void aPromptRefusedWithA400IsAContentPolicyRefusalNotABadRequest() {
    server.stubFor(
        post(urlEqualTo(PREDICT))
            .willReturn(
                googleError(
                    400,
                    "INVALID_ARGUMENT",
                    "Image generation failed with the following error: The prompt could not be submitted. This prompt "
                        + "contains sensitive words that violate Google's Responsible AI practices.",
                    "")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.CONTENT_POLICY);
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void aWrongKeyThatGoogleAnswersWith400IsUnauthorized() {
    server.stubFor(
        post(urlEqualTo(PREDICT))
            .willReturn(
                googleError(
                    400,
                    "INVALID_ARGUMENT",
                    "API key not valid. Please pass a valid API key.",
                    "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
                        + "\"domain\":\"googleapis.com\"}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("API key not valid").doesNotContain(API_KEY);
  }

  @Test
  void aQuotaErrorWithoutRetryAfterTakesGooglesRetryDelay() {
    server.stubFor(
        post(urlEqualTo(PREDICT))
            .willReturn(
                googleError(
                    429,
                    "RESOURCE_EXHAUSTED",
                    "You exceeded your current quota.",
                    "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"30.5s\"}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(31));
  }

  @Test
  void aRetryAfterDateIsCountedFromTheInjectedClock() {
    String inFortyFiveSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(45).atOffset(ZoneOffset.UTC));
    stubSubmitError(429, inFortyFiveSeconds);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void imageBytesThatAreNotBase64AreMalformed() {
    stubPredictions("{\"bytesBase64Encoded\":\"this is *not* base64\",\"mimeType\":\"image/png\"}");

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aModelIdThatWouldLeaveTheModelsPathIsRefusedWithoutACall() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider().submit(anImageRequest().model("../files/abc").build()));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void refusesToSendItsKeyToAUrlOfAnotherOrigin() {
    GeneratedMedia elsewhere =
        GeneratedMedia.at("image/png", URI.create("https://attacker.example/steal"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().download(elsewhere));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
  }

  private static String prediction(byte[] png) {
    return "{\"bytesBase64Encoded\":\"" + base64(png) + "\",\"mimeType\":\"image/png\"}";
  }

  private static String predictionsBody(String... predictions) {
    return "{\"predictions\":[" + String.join(",", predictions) + "]}";
  }

  private static void stubPredictions(String... predictions) {
    server.stubFor(
        post(urlEqualTo(PREDICT))
            .withHeader(GeminiApi.KEY_HEADER, equalTo(API_KEY))
            .willReturn(okJson(predictionsBody(predictions))));
  }

  static ResponseDefinitionBuilder googleError(
      int code, String status, String message, String details) {
    return aResponse()
        .withStatus(code)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(
            "{\"error\":{\"code\":"
                + code
                + ",\"message\":\""
                + message
                + "\",\"status\":\""
                + status
                + "\",\"details\":["
                + details
                + "]}}");
  }
}
