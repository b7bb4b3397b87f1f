package ai.omnix.pipeline.generation.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.HttpGenerationProviderContract;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiImageProviderTest extends HttpGenerationProviderContract {
  private static final String GENERATIONS = "/v1/images/generations";
  private static final String EDITS = "/v1/images/edits";
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final byte[] PNG = png(Color.ORANGE);
  private static final byte[] OTHER_PNG = png(Color.BLUE);

  private final List<OpenAiImageProvider> opened = new ArrayList<>();

  @AfterEach
  void closeProviders() {
    opened.forEach(OpenAiImageProvider::close);
  }

  @Override
  protected GenerationProvider provider(String baseUrl, Duration timeout) {
    OpenAiImageProvider provider =
        new OpenAiImageProvider(
            URI.create(baseUrl + "/v1"), API_KEY, timeout, Clock.fixed(NOW, ZoneOffset.UTC));
    opened.add(provider);
    return provider;
  }

  private OpenAiImageProvider provider() {
    return (OpenAiImageProvider) provider(server.baseUrl(), TIMEOUT);
  }

  @Override
  protected ProviderRequest aRequest() {
    return imageRequest("gpt-image-1", 1024, 1024, 1);
  }

  @Override
  protected void stubSuccess() {
    server.stubFor(post(GENERATIONS).willReturn(imagesAnswer(PNG)));
  }

  @Override
  protected void stubSubmitError(int status, String retryAfter) {
    ResponseDefinitionBuilder answer = error(status, "Something went wrong", "server_error", null);
    if (retryAfter != null) {
      answer.withHeader("retry-after", retryAfter);
    }
    server.stubFor(post(GENERATIONS).willReturn(answer));
  }

  @Override
  protected void stubContentPolicyRefusal() {
    server.stubFor(
        post(GENERATIONS)
            .willReturn(
                error(
                    400,
                    "Your request was rejected as a result of our safety system. Your request may contain content that is not"
                        + " allowed by our safety system.",
                    "image_generation_user_error",
                    "moderation_blocked")));
  }

  @Override
  protected void stubMalformedSubmit() {
    server.stubFor(post(GENERATIONS).willReturn(okJson("{\"created\": 1713833628, \"data\": []}")));
  }

  @Override
  protected void stubSlowSubmit(Duration delay) {
    server.stubFor(
        post(GENERATIONS).willReturn(imagesAnswer(PNG).withFixedDelay((int) delay.toMillis())));
  }

  @Override
  protected boolean carriesKey(LoggedRequest request) {
    return ("Bearer " + API_KEY).equals(request.getHeader("Authorization"));
  }

  @Test
  void sendsModelPromptCountAndNearestSizeAndReturnsEveryImageWithTheRequestId() throws Exception {
    server.stubFor(
        post(GENERATIONS)
            .willReturn(imagesAnswer(PNG, OTHER_PNG).withHeader("x-request-id", "req_42")));

    ProviderResponse response = provider().submit(imageRequest("gpt-image-1", 1600, 900, 2));

    server.verify(
        postRequestedFor(urlEqualTo(GENERATIONS))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-image-1")))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo("a lighthouse at dawn")))
            .withRequestBody(matchingJsonPath("$.n", equalTo("2")))
            .withRequestBody(matchingJsonPath("$.size", equalTo("1536x1024")))
            .withRequestBody(not(matchingJsonPath("$.response_format"))));
    ProviderResponse.Completed completed = (ProviderResponse.Completed) response;
    assertThat(completed.requestId()).isEqualTo("req_42");
    assertThat(completed.costCredits()).isNull();
    assertThat(completed.media()).extracting(GeneratedMedia::contentType).containsOnly("image/png");
    assertThat(completed.media()).extracting(GeneratedMedia::data).containsExactly(PNG, OTHER_PNG);
  }

  @Test
  void asksDallE3ForBase64AndForOneImageAtATime() throws Exception {
    server.stubFor(post(GENERATIONS).willReturn(imagesAnswer(PNG)));

    provider().submit(imageRequest("dall-e-3", 1920, 1080, 3));

    server.verify(
        postRequestedFor(urlEqualTo(GENERATIONS))
            .withRequestBody(matchingJsonPath("$.model", equalTo("dall-e-3")))
            .withRequestBody(matchingJsonPath("$.n", equalTo("1")))
            .withRequestBody(matchingJsonPath("$.size", equalTo("1792x1024")))
            .withRequestBody(matchingJsonPath("$.response_format", equalTo("b64_json"))));
  }

  @Test
  void sendsAnEditAsMultipartWithTheInputImage() throws Exception {
    server.stubFor(post(EDITS).willReturn(imagesAnswer(OTHER_PNG)));

    ProviderResponse response = provider().submit(editRequest(PNG));

    server.verify(
        postRequestedFor(urlEqualTo(EDITS))
            .withHeader("Content-Type", containing("multipart/form-data"))
            .withAnyRequestBodyPart(
                aMultipart("image")
                    .withFileName("image.png")
                    .withHeader("Content-Type", equalTo("image/png"))
                    .withBody(binaryEqualTo(PNG)))
            .withAnyRequestBodyPart(aMultipart("model").withBody(equalTo("gpt-image-1")))
            .withAnyRequestBodyPart(aMultipart("prompt").withBody(equalTo("make it night")))
            .withAnyRequestBodyPart(aMultipart("size").withBody(equalTo("1024x1536"))));
    assertThat(((ProviderResponse.Completed) response).media().get(0).data()).isEqualTo(OTHER_PNG);
  }

  @Test
  void anEditWithoutAnInputImageIsRefusedWithoutACall() {
    ProviderRequest noImage =
        new ProviderRequest(
            Capability.IMAGE_EDIT,
            "gpt-image-1",
            "make it night",
            null,
            1024,
            1024,
            null,
            0,
            null,
            1,
            null,
            "idem-1");

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(noImage));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aVideoRequestIsRefusedWithoutACall() {
    ProviderRequest video =
        new ProviderRequest(
            Capability.VIDEO,
            "gpt-image-1",
            "waves",
            null,
            1024,
            1024,
            "16:9",
            5,
            null,
            1,
            null,
            "idem-1");

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(video));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aDallE3ContentPolicyViolationIsContentPolicy() {
    server.stubFor(
        post(GENERATIONS)
            .willReturn(
                error(
                    400,
                    "Your request was rejected as a result of our safety system.",
                    "invalid_request_error",
                    "content_policy_violation")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider().submit(imageRequest("dall-e-3", 1024, 1024, 1)));

    assertThat(e.kind()).isEqualTo(Kind.CONTENT_POLICY);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.getMessage()).contains("safety system");
  }

  @ParameterizedTest
  @CsvSource({
    "403, UNAUTHORIZED",
    "404, INVALID_REQUEST",
    "422, INVALID_REQUEST",
    "503, UNAVAILABLE",
    "504, TIMEOUT"
  })
  void classifiesOtherStatusesLikeEveryProvider(int status, Kind kind) {
    stubSubmitError(status, null);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.httpStatus()).isEqualTo(status);
  }

  @Test
  void anErrorThatEchoesTheKeyIsLoggedWithoutIt() {
    server.stubFor(
        post(GENERATIONS)
            .willReturn(
                error(
                    401,
                    "Incorrect API key provided: " + API_KEY + ".",
                    "invalid_request_error",
                    "invalid_api_key")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.getMessage())
        .isEqualTo("openai answered HTTP 401: Incorrect API key provided: [key].");
  }

  @Test
  void aDroppedConnectionIsUnavailable() {
    server.stubFor(
        post(GENERATIONS).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.httpStatus()).isZero();
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void aRetryAfterDateIsCountedFromTheInjectedClock() {
    stubSubmitError(429, "Mon, 02 Mar 2026 10:00:30 GMT");

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html>upstream proxy</html>",
        "{\"created\": 1713833628}",
        "{\"created\": 1713833628, \"data\": [{\"url\": \"https://example.com/a.png\"}]}",
        "{\"created\": 1713833628, \"data\": [{\"b64_json\": \"not base64!\"}]}",
        "{\"created\": 1713833628, \"data\": \"oops\"}"
      })
  void anAnswerWithoutABase64ImageIsMalformed(String body) {
    server.stubFor(
        post(GENERATIONS)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  private static ProviderRequest imageRequest(String model, int width, int height, int count) {
    return new ProviderRequest(
        Capability.IMAGE,
        model,
        "a lighthouse at dawn",
        null,
        width,
        height,
        null,
        0,
        null,
        count,
        null,
        "idem-1");
  }

  private static ProviderRequest editRequest(byte[] png) {
    return new ProviderRequest(
        Capability.IMAGE_EDIT,
        "gpt-image-1",
        "make it night",
        null,
        1024,
        1536,
        null,
        0,
        null,
        1,
        new ProviderRequest.InputImage(png, "image/png"),
        "idem-1");
  }

  /** A successful answer as documented for gpt-image-1, with one entry per image. */
  private static ResponseDefinitionBuilder imagesAnswer(byte[]... images) {
    StringBuilder data = new StringBuilder();
    for (byte[] image : images) {
      data.append(data.isEmpty() ? "" : ", ")
          .append("{\"b64_json\": \"")
          .append(Base64.getEncoder().encodeToString(image))
          .append("\"}");
    }
    return okJson(
        """
        {"created": 1713833628, "background": "opaque", "output_format": "png", "quality": "high",
         "size": "1024x1024", "data": [%s],
         "usage": {"total_tokens": 100, "input_tokens": 50, "output_tokens": 50,
                   "input_tokens_details": {"text_tokens": 10, "image_tokens": 40}}}
        """
            .formatted(data));
  }

  private static ResponseDefinitionBuilder error(
      int status, String message, String type, String code) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(
            """
        {"error": {"message": "%s", "type": "%s", "param": null, "code": %s}}
        """
                .formatted(message, type, code == null ? "null" : "\"" + code + "\""));
  }

  private static byte[] png(Color color) {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    var graphics = image.createGraphics();
    graphics.setColor(color);
    graphics.fillRect(0, 0, 8, 8);
    graphics.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
