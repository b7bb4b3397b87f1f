package ai.omnix.pipeline.generation.provider.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.HttpGenerationProviderContract;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderRequestBuilder;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.generation.provider.ProviderResponse.Completed;
import ai.omnix.pipeline.generation.provider.ProviderResponse.Pending;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fal queue client against WireMock replaying fal's documented queue shapes.
 *
 * <p>Generated files are served by a second server, {@link #cdn}: on fal they live on another host
 * (v3.fal.media) than the queue (queue.fal.run) and are fetched without the key, while the contract
 * checks that every call to the provider's own server carries it.
 */
class FalQueueProviderTest extends HttpGenerationProviderContract {
  private static final String MODEL = "fal-ai/flux/schnell";
  private static final String REQUEST_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";
  private static final String STATUS_PATH = "/fal-ai/flux/requests/" + REQUEST_ID + "/status";
  private static final String RESULT_PATH = "/fal-ai/flux/requests/" + REQUEST_ID;
  private static final String PROMPT = "a lighthouse at dusk, oil painting";
  private static final OutboundAddressPolicy CDN_ON_LOOPBACK =
      new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

  @RegisterExtension
  static final WireMockExtension cdn =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected GenerationProvider provider(String baseUrl, Duration timeout) {
    return new FalQueueProvider(URI.create(baseUrl), API_KEY, timeout, CLOCK, CDN_ON_LOOPBACK);
  }

  private static FalQueueProvider fal() {
    return new FalQueueProvider(
        URI.create(server.baseUrl()), API_KEY, TIMEOUT, CLOCK, CDN_ON_LOOPBACK);
  }

  @Override
  protected ProviderRequest aRequest() {
    return anImageRequest().build();
  }

  @Override
  protected void stubSuccess() {
    stubSubmit(MODEL, okJson(submitted(server.baseUrl() + STATUS_PATH)));
    stubQueueProgress(STATUS_PATH);
    stubResult(RESULT_PATH, okJson(images(cdn.baseUrl() + "/files/out.png", false)));
    cdn.stubFor(
        get("/files/out.png")
            .willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(png())));
  }

  @Override
  protected void stubSubmitError(int status, String retryAfter) {
    ResponseDefinitionBuilder answer =
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"detail\":\"stubbed HTTP " + status + "\"}");
    if (retryAfter != null) {
      answer = answer.withHeader("Retry-After", retryAfter);
    }
    stubSubmit(MODEL, answer);
  }

  /**
   * fal runs the request, then answers the result with its model error: a 422 typed
   * content_policy_violation.
   */
  @Override
  protected void stubContentPolicyRefusal() {
    stubSubmit(MODEL, okJson(submitted(server.baseUrl() + STATUS_PATH)));
    server.stubFor(get(STATUS_PATH).willReturn(okJson("{\"status\":\"COMPLETED\"}")));
    stubResult(
        RESULT_PATH,
        aResponse()
            .withStatus(422)
            .withHeader("Content-Type", "application/json")
            .withBody(
                """
        {"detail":[{"loc":["body","prompt"],"msg":"The content was flagged by a content checker.",
          "type":"content_policy_violation","url":"https://docs.fal.ai/errors#content_policy_violation"}]}
        """));
  }

  @Override
  protected void stubMalformedSubmit() {
    stubSubmit(MODEL, okForContentType("text/html", "<html><body>502 upstream</body></html>"));
  }

  @Override
  protected void stubSlowSubmit(Duration delay) {
    stubSubmit(
        MODEL,
        okJson(submitted(server.baseUrl() + STATUS_PATH)).withFixedDelay((int) delay.toMillis()));
  }

  @Override
  protected boolean carriesKey(LoggedRequest request) {
    return ("Key " + API_KEY).equals(request.getHeader("Authorization"));
  }

  @Test
  void sendsPromptCountSeedSizeAndNegativePromptAsFalInput() throws Exception {
    stubSuccess();

    fal()
        .submit(
            anImageRequest().count(2).seed(42L).size(768, 512).negativePrompt("blurry").build());

    server.verify(
        postRequestedFor(urlEqualTo("/fal-ai/flux/schnell"))
            .withHeader("Content-Type", containing("application/json"))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo(PROMPT)))
            .withRequestBody(matchingJsonPath("$.num_images", equalTo("2")))
            .withRequestBody(matchingJsonPath("$.seed", equalTo("42")))
            .withRequestBody(matchingJsonPath("$.image_size.width", equalTo("768")))
            .withRequestBody(matchingJsonPath("$.image_size.height", equalTo("512")))
            .withRequestBody(matchingJsonPath("$.negative_prompt", equalTo("blurry")))
            .withRequestBody(notContaining("duration")));
  }

  @Test
  void asksForFalsSizePresetWhenOnlyAnAspectRatioIsGiven() throws Exception {
    stubSuccess();

    fal().submit(anImageRequest().size(0, 0).aspectRatio("9:16").build());

    server.verify(
        postRequestedFor(urlEqualTo("/fal-ai/flux/schnell"))
            .withRequestBody(matchingJsonPath("$.image_size", equalTo("portrait_16_9"))));
  }

  @Test
  void cancelsAnOperationWithTheKeyAndTakesAFinishedOneCalmly() throws Exception {
    String cancelPath = "/fal-ai/flux/requests/" + REQUEST_ID + "/cancel";
    server.stubFor(
        put(cancelPath)
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"CANCELLATION_REQUESTED\"}")));
    String operation = "fal-ai/flux/requests/" + REQUEST_ID + "/status";

    fal().cancel(aRequest(), operation);

    server.verify(
        putRequestedFor(urlEqualTo(cancelPath))
            .withHeader("Authorization", equalTo("Key " + API_KEY)));

    server.stubFor(
        put(cancelPath)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"ALREADY_COMPLETED\"}")));
    fal().cancel(aRequest(), operation);

    server.stubFor(put(cancelPath).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> fal().cancel(aRequest(), operation))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void staysPendingWhileQueuedAndRunningThenReturnsTheImageUrl() throws Exception {
    stubSuccess();
    ProviderRequest request = aRequest();
    FalQueueProvider fal = fal();

    ProviderResponse submitted = fal.submit(request);
    ProviderResponse queued = fal.poll(request, ((Pending) submitted).operationId());
    ProviderResponse running = fal.poll(request, ((Pending) queued).operationId());
    ProviderResponse done = fal.poll(request, ((Pending) running).operationId());

    assertThat(submitted)
        .isEqualTo(
            new Pending("fal-ai/flux/requests/" + REQUEST_ID + "/status", Duration.ofSeconds(1)));
    assertThat(queued).isEqualTo(submitted);
    assertThat(running).isEqualTo(submitted);
    assertThat(done)
        .isEqualTo(
            new Completed(
                List.of(
                    GeneratedMedia.at("image/png", URI.create(cdn.baseUrl() + "/files/out.png"))),
                REQUEST_ID,
                null));
  }

  @Test
  void animatesAnInputImageIntoAnMp4() throws Exception {
    String model = "fal-ai/bytedance/seedance/v1/lite/image-to-video";
    // No status_url in this answer: the status path is the model's app, its first two segments.
    stubSubmit(model, okJson("{\"request_id\":\"" + REQUEST_ID + "\"}"));
    server.stubFor(
        get("/fal-ai/bytedance/requests/" + REQUEST_ID + "/status")
            .willReturn(okJson("{\"status\":\"COMPLETED\"}")));
    stubResult(
        "/fal-ai/bytedance/requests/" + REQUEST_ID,
        okJson(
            """
        {"video":{"url":"%s/files/clip.mp4","content_type":"video/mp4","file_size":1234}}
        """
                .formatted(cdn.baseUrl())));
    ProviderRequest request = aVideoRequest().model(model).inputImage(png(), "image/png").build();
    FalQueueProvider fal = fal();

    ProviderResponse submitted = fal.submit(request);
    ProviderResponse done = fal.poll(request, ((Pending) submitted).operationId());

    assertThat(((Pending) submitted).pollAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(((Completed) done).media())
        .containsExactly(
            GeneratedMedia.at("video/mp4", URI.create(cdn.baseUrl() + "/files/clip.mp4")));
    server.verify(
        postRequestedFor(urlEqualTo("/" + model))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo(PROMPT)))
            .withRequestBody(containing("\"duration\":\"5\""))
            .withRequestBody(matchingJsonPath("$.aspect_ratio", equalTo("16:9")))
            .withRequestBody(
                matchingJsonPath("$.image_url", matching("data:image/png;base64,[A-Za-z0-9+/=]+")))
            .withRequestBody(notContaining("num_images")));
  }

  @Test
  void anOutputFlaggedNsfwIsAContentPolicyRefusal() {
    stubSuccess();
    stubResult(RESULT_PATH, okJson(images(cdn.baseUrl() + "/files/out.png", true)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> generate(fal(), aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.CONTENT_POLICY);
    assertThat(e.kind().failover()).isFalse();
  }

  @Test
  void aRunTheQueueReportsFailedIsAGenerationFailureAndItsResultIsNotFetched() {
    stubSubmit(MODEL, okJson(submitted(server.baseUrl() + STATUS_PATH)));
    server.stubFor(
        get(STATUS_PATH)
            .willReturn(
                okJson(
                    """
        {"status":"COMPLETED","error":"CUDA out of memory","error_type":"runner_server_error"}
        """)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> generate(fal(), aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.GENERATION_FAILED);
    assertThat(e.getMessage()).contains(REQUEST_ID).contains("CUDA out of memory");
    assertThat(server.findAll(getRequestedFor(urlEqualTo(RESULT_PATH)))).isEmpty();
  }

  @Test
  void aServerErrorWithFalsErrorBodyForACompletedRunIsAGenerationFailure() {
    stubSubmit(MODEL, okJson(submitted(server.baseUrl() + STATUS_PATH)));
    server.stubFor(get(STATUS_PATH).willReturn(okJson("{\"status\":\"COMPLETED\"}")));
    stubResult(
        RESULT_PATH,
        aResponse()
            .withStatus(500)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"detail\":\"Internal server error\",\"error_type\":\"runner_server_error\"}"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> generate(fal(), aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.GENERATION_FAILED);
    assertThat(e.httpStatus()).isEqualTo(500);
  }

  @Test
  void neverSendsTheKeyToAStatusOrResponseUrlOnAnotherHost() throws Exception {
    // The "other host" is the CDN server: another origin (its own port) than the queue.
    String elsewhere = cdn.baseUrl() + "/fal-ai/flux/requests/" + REQUEST_ID;
    stubSubmit(MODEL, okJson(submitted(elsewhere + "/status")));
    server.stubFor(
        get(STATUS_PATH)
            .willReturn(
                okJson("{\"status\":\"COMPLETED\",\"response_url\":\"" + elsewhere + "\"}")));
    stubResult(RESULT_PATH, okJson(images(cdn.baseUrl() + "/files/out.png", false)));
    ProviderRequest request = aRequest();
    FalQueueProvider fal = fal();

    ProviderResponse done = fal.poll(request, ((Pending) fal.submit(request)).operationId());

    assertThat(done).isInstanceOf(Completed.class);
    assertThat(cdn.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    server.verify(getRequestedFor(urlEqualTo(STATUS_PATH)));
    server.verify(getRequestedFor(urlEqualTo(RESULT_PATH)));
  }

  @Test
  void followsTheQueuesOwnStatusUrlWhereTheModelIdWouldMislead() throws Exception {
    String model = "workflows/acme/upscale-flow";
    String queuePath = "/workflows/acme/upscale-flow/requests/" + REQUEST_ID;
    stubSubmit(model, okJson(submitted(server.baseUrl() + queuePath + "/status")));
    server.stubFor(
        get(queuePath + "/status")
            .willReturn(
                okJson(
                    "{\"status\":\"COMPLETED\",\"response_url\":\""
                        + server.baseUrl()
                        + queuePath
                        + "\"}")));
    stubResult(queuePath, okJson(images(cdn.baseUrl() + "/files/out.png", false)));
    ProviderRequest request = anImageRequest().model(model).build();
    FalQueueProvider fal = fal();

    ProviderResponse done = fal.poll(request, ((Pending) fal.submit(request)).operationId());

    assertThat(((Completed) done).requestId()).isEqualTo(REQUEST_ID);
    server.verify(getRequestedFor(urlEqualTo(queuePath)));
  }

  @Test
  void downloadsFromTheCdnWithoutTheKey() throws Exception {
    stubSuccess();

    byte[] image = generate(fal(), aRequest());

    assertThat(image).isEqualTo(png());
    cdn.verify(1, getRequestedFor(urlEqualTo("/files/out.png")).withoutHeader("Authorization"));
  }

  @Test
  void refusesMediaOnAPrivateOrMetadataAddressWithoutConnecting() {
    FalQueueProvider strict =
        new FalQueueProvider(
            URI.create(server.baseUrl()), API_KEY, TIMEOUT, CLOCK, OutboundAddressPolicy.strict());

    for (String url :
        List.of(
            cdn.baseUrl() + "/files/out.png",
            "http://169.254.169.254/latest/meta-data/",
            "https://10.0.0.7/out.png")) {
      ProviderException e =
          catchThrowableOfType(
              ProviderException.class,
              () -> strict.download(GeneratedMedia.at("image/png", URI.create(url))));
      assertThat(e.kind()).as(url).isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage()).as(url).contains("refused address");
    }
    assertThat(cdn.findAll(anyRequestedFor(anyUrl()))).as("no connection to the CDN").isEmpty();
  }

  @Test
  void aDownloadWhoseBodyStallsTimesOutInsteadOfHanging() throws Exception {
    cdn.stubFor(
        get("/files/slow.png")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "image/png")
                    .withChunkedDribbleDelay(4, (int) TIMEOUT.multipliedBy(4).toMillis())
                    .withBody(png())));

    try (java.io.InputStream in =
        fal()
            .download(
                GeneratedMedia.at("image/png", URI.create(cdn.baseUrl() + "/files/slow.png")))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(java.io.IOException.class);
    } catch (ProviderException headersLate) {
      // WireMock may hold the headers back with the body: then the request timeout answers instead
      assertThat(headersLate.kind()).isEqualTo(Kind.TIMEOUT);
    }
  }

  @Test
  void refusesToDownloadAUrlThatIsNotHttp() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> fal().download(GeneratedMedia.at("image/png", URI.create("file:///etc/passwd"))));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void refusesAJsonAnswerOverOneMebibyte() {
    String padding = "a".repeat(FalQueueProvider.MAX_JSON_BYTES);
    stubSubmit(
        MODEL, okJson("{\"request_id\":\"" + REQUEST_ID + "\",\"padding\":\"" + padding + "\"}"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> fal().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("longer than");
  }

  @Test
  void readsOnlyTheStartOfAHugeErrorBodyAndStillClassifiesIt() {
    stubSubmit(
        MODEL,
        aResponse().withStatus(503).withBody("x".repeat(2 * FalQueueProvider.MAX_JSON_BYTES)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> fal().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.httpStatus()).isEqualTo(503);
  }

  @Test
  void refusesARequestIdThatIsNotOnePathSegment() {
    stubSubmit(MODEL, okJson("{\"request_id\":\"../../admin/keys\"}"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> fal().submit(aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aResultWithoutImagesOrVideoIsMalformed() {
    stubSuccess();
    stubResult(RESULT_PATH, okJson("{\"seed\":42,\"has_nsfw_concepts\":[]}"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> generate(fal(), aRequest()));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void refusesAnOperationIdThatIsNotFalsWithoutCallingAnything() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> fal().poll(aRequest(), "../../v1/admin/requests/x/status"));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  private static void stubSubmit(String model, ResponseDefinitionBuilder answer) {
    server.stubFor(post(urlEqualTo("/" + model)).willReturn(answer));
  }

  private static void stubResult(String path, ResponseDefinitionBuilder answer) {
    server.stubFor(get(urlEqualTo(path)).willReturn(answer));
  }

  private static void stubQueueProgress(String statusPath) {
    server.stubFor(
        get(statusPath)
            .inScenario("queue")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson("{\"status\":\"IN_QUEUE\",\"queue_position\":3}"))
            .willSetStateTo("running"));
    server.stubFor(
        get(statusPath)
            .inScenario("queue")
            .whenScenarioStateIs("running")
            .willReturn(okJson("{\"status\":\"IN_PROGRESS\",\"logs\":[]}"))
            .willSetStateTo("done"));
    server.stubFor(
        get(statusPath)
            .inScenario("queue")
            .whenScenarioStateIs("done")
            .willReturn(okJson("{\"status\":\"COMPLETED\",\"metrics\":{\"inference_time\":0.4}}")));
  }

  private static String submitted(String statusUrl) {
    String requestUrl = statusUrl.substring(0, statusUrl.length() - "/status".length());
    return """
        {"request_id":"%s","status_url":"%s","response_url":"%s","cancel_url":"%s/cancel","queue_position":0}
        """
        .formatted(REQUEST_ID, statusUrl, requestUrl, requestUrl);
  }

  private static String images(String url, boolean nsfw) {
    return """
        {"images":[{"url":"%s","content_type":"image/png","width":4,"height":4}],
         "seed":42,"has_nsfw_concepts":[%s],"prompt":"%s","timings":{"inference":0.4}}
        """
        .formatted(url, nsfw, PROMPT);
  }

  private static byte[] png() {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 2, 0xff8800);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ProviderRequestBuilder anImageRequest() {
    return new ProviderRequestBuilder(Capability.IMAGE, MODEL)
        .prompt(PROMPT)
        .size(512, 512)
        .seed(7L);
  }

  private static ProviderRequestBuilder aVideoRequest() {
    return new ProviderRequestBuilder(
            Capability.VIDEO, "fal-ai/bytedance/seedance/v1/lite/text-to-video")
        .prompt(PROMPT)
        .size(0, 0)
        .aspectRatio("16:9")
        .durationSeconds(5);
  }
}
