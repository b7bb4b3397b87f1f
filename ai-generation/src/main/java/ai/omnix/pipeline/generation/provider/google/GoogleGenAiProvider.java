package ai.omnix.pipeline.generation.provider.google;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.HttpFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imagen (images) and Veo (videos) on the Gemini API, {@code generativelanguage.googleapis.com},
 * authenticated by an API key in the {@code x-goog-api-key} header (never in the URL, so it stays
 * out of logs of URLs).
 *
 * <p>Images come back inline from {@code models/{model}:predict}. A video is a long-running
 * operation started by {@code models/{model}:predictLongRunning}; its name is the operation id to
 * {@link #poll}, and the finished video is a file URL that {@link #download} fetches with the key.
 *
 * <p>Not built on the google-genai SDK: version 2.0.0 throws {@code UnsupportedOperationException}
 * from {@code generateImages} and {@code generateVideos} unless the client is in Vertex AI mode, so
 * it cannot call Imagen or Veo with a Gemini API key. The request and answer shapes below are the
 * ones the SDKs' Gemini API converters use.
 *
 * <p>A request's seed is not sent: the Gemini API takes no seed for Imagen or Veo (Google's SDKs
 * refuse it before sending), and sending it would turn a reproducibility hint into a failed
 * request.
 *
 * <p>Thread-safe. Never retries and never follows an operation on its own.
 */
public final class GoogleGenAiProvider implements GenerationProvider {
  public static final String NAME = "google";
  static final String KEY_HEADER = "x-goog-api-key";

  /**
   * Veo takes one to several minutes; polling every ten seconds is what Google's own samples do.
   */
  static final Duration POLL_AFTER = Duration.ofSeconds(10);

  /** Up to four base64 PNGs of up to 2K pixels. */
  private static final int MAX_PREDICT_ANSWER = 64 << 20;

  private static final int MAX_OPERATION_ANSWER = 1 << 20;
  private static final int MAX_ERROR_EXCERPT_BYTES = 64 << 10;
  private static final int MAX_REDIRECTS = 3;
  private static final int MAX_VIDEOS = 4;
  private static final int RESOURCE_EXHAUSTED_CODE = 8;
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern OPERATION =
      Pattern.compile(
          "models/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/operations/[A-Za-z0-9][A-Za-z0-9._-]{0,255}");
  private static final Pattern RETRY_DELAY = Pattern.compile("(\\d{1,9})(\\.\\d+)?s");
  private static final List<String> SAFETY_WORDS =
      List.of(
          "safety",
          "responsible ai",
          "usage guidelines",
          "content policy",
          "policies",
          "prohibited",
          "harmful",
          "sensitive",
          "blocked");

  private final String baseUrl;
  private final URI origin;
  private final String apiKey;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final JsonMapper json;

  /**
   * @param baseUrl {@code https://generativelanguage.googleapis.com}, or a stand-in for tests;
   *     video files are fetched only from this origin
   * @param timeout for connecting, for the answer's headers, and for each wait for more of its body
   * @param clock reads {@code Retry-After} dates
   */
  public GoogleGenAiProvider(URI baseUrl, String apiKey, Duration timeout, Clock clock) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!baseUrl.isAbsolute()
        || baseUrl.getHost() == null
        || !("https".equalsIgnoreCase(baseUrl.getScheme())
            || "http".equalsIgnoreCase(baseUrl.getScheme()))) {
      throw new IllegalArgumentException(
          "google base URL must be an absolute http(s) URL: " + baseUrl);
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("google needs an API key");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("google timeout must be positive");
    }
    String base = baseUrl.toString();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.origin = baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.json =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder().maxStringLength(MAX_PREDICT_ANSWER).build())
                    .build())
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ProviderResponse submit(ProviderRequest request) throws ProviderException {
    return switch (request.capability()) {
      case IMAGE -> generateImages(request);
      case VIDEO -> startVideo(request);
      default -> throw unsupported(request.capability());
    };
  }

  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId)
      throws ProviderException {
    if (request.capability() != Capability.VIDEO) {
      throw unsupported(request.capability());
    }
    if (operationId == null || !OPERATION.matcher(operationId).matches()) {
      throw new ProviderException(
          Kind.INVALID_REQUEST,
          0,
          "not a google operation name: " + HttpFailures.excerpt(String.valueOf(operationId)));
    }
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1beta/" + operationId))
            .timeout(timeout)
            .header(KEY_HEADER, apiKey)
            .GET()
            .build();
    return operation(readJson(exchange(get), MAX_OPERATION_ANSWER), operationId);
  }

  @Override
  public InputStream download(GeneratedMedia media) throws ProviderException {
    URI target = media.url();
    if (target == null || !sameOrigin(target)) {
      throw new ProviderException(
          Kind.INVALID_REQUEST,
          0,
          NAME
              + " downloads only its own files, from "
              + baseUrl
              + "; not "
              + (target == null ? "inline media" : target));
    }
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder get = HttpRequest.newBuilder(target).timeout(timeout).GET();
      // Should a file redirect to storage elsewhere, the key still goes to Google's API origin
      // only.
      if (sameOrigin(target)) {
        get.header(KEY_HEADER, apiKey);
      }
      Answer answer = exchange(get.build());
      if (answer.status() / 100 == 2) {
        return answer.body();
      }
      if (!isRedirect(answer.status())) {
        throw failure(answer);
      }
      answer.close();
      target = redirectTarget(answer, target, hop);
    }
  }

  private ProviderResponse generateImages(ProviderRequest request) throws ProviderException {
    ObjectNode body = json.createObjectNode();
    body.putArray("instances").addObject().put("prompt", request.prompt());
    ObjectNode parameters = body.putObject("parameters");
    parameters.put("sampleCount", request.count());
    putIfPresent(
        parameters,
        "aspectRatio",
        request.aspectRatio() != null
            ? request.aspectRatio()
            : GoogleAspectRatio.nearest(
                request.width(), request.height(), GoogleAspectRatio.IMAGEN));
    putIfPresent(parameters, "negativePrompt", request.negativePrompt());
    // Without it a filtered image simply goes missing; with it the answer says which were filtered
    // and why.
    parameters.put("includeRaiReason", true);

    JsonNode answer =
        readJson(exchange(post(model(request) + ":predict", body)), MAX_PREDICT_ANSWER);
    JsonNode predictions = answer.path("predictions");
    if (predictions.isMissingNode()
        || predictions.isNull()
        || (predictions.isArray() && predictions.isEmpty())) {
      // Imagen answers 200 without predictions when its filters removed every image.
      throw new ProviderException(
          Kind.CONTENT_POLICY, 200, NAME + " returned no image: filtered by its safety rules");
    }
    if (!predictions.isArray()) {
      throw HttpFailures.malformed(NAME, "predictions is not a list");
    }
    List<GeneratedMedia> images = new ArrayList<>();
    String filteredReason = null;
    for (JsonNode prediction : predictions.values()) {
      if (images.size() == request.count()) {
        break;
      }
      String data = text(prediction, "bytesBase64Encoded");
      if (data != null) {
        images.add(GeneratedMedia.inline(imageType(text(prediction, "mimeType")), decode(data)));
      } else if (filteredReason == null) {
        filteredReason = text(prediction, "raiFilteredReason");
      }
    }
    if (images.isEmpty()) {
      if (filteredReason != null) {
        throw new ProviderException(
            Kind.CONTENT_POLICY,
            200,
            NAME + " filtered the image: " + HttpFailures.excerpt(scrub(filteredReason)));
      }
      throw HttpFailures.malformed(NAME, "no prediction has image bytes or a filter reason");
    }
    return new ProviderResponse.Completed(images, null, null);
  }

  private ProviderResponse startVideo(ProviderRequest request) throws ProviderException {
    ObjectNode body = json.createObjectNode();
    ObjectNode instance = body.putArray("instances").addObject();
    instance.put("prompt", request.prompt());
    if (request.inputImage() != null) {
      instance
          .putObject("image")
          .put(
              "bytesBase64Encoded", Base64.getEncoder().encodeToString(request.inputImage().data()))
          .put("mimeType", request.inputImage().contentType());
    }
    ObjectNode parameters = body.putObject("parameters");
    putIfPresent(
        parameters,
        "aspectRatio",
        request.aspectRatio() != null
            ? request.aspectRatio()
            : GoogleAspectRatio.nearest(request.width(), request.height(), GoogleAspectRatio.VEO));
    putIfPresent(parameters, "negativePrompt", request.negativePrompt());
    if (request.durationSeconds() > 0) {
      parameters.put("durationSeconds", request.durationSeconds());
    }

    JsonNode answer =
        readJson(
            exchange(post(model(request) + ":predictLongRunning", body)), MAX_OPERATION_ANSWER);
    String name = text(answer, "name");
    if (name == null || !OPERATION.matcher(name).matches()) {
      throw HttpFailures.malformed(
          NAME, "no operation name in " + HttpFailures.excerpt(scrub(answer.toString())));
    }
    return operation(answer, name);
  }

  private ProviderResponse operation(JsonNode answer, String name) throws ProviderException {
    JsonNode done = answer.path("done");
    if (!done.isMissingNode() && !done.isBoolean()) {
      throw HttpFailures.malformed(NAME, "done is not a boolean");
    }
    if (!done.asBoolean(false)) {
      if (text(answer, "name") == null) {
        throw HttpFailures.malformed(
            NAME, "not an operation: " + HttpFailures.excerpt(scrub(answer.toString())));
      }
      return new ProviderResponse.Pending(name, POLL_AFTER);
    }
    JsonNode error = answer.path("error");
    if (error.isObject()) {
      throw operationFailure(error);
    }
    JsonNode result = answer.path("response").path("generateVideoResponse");
    if (!result.isObject()) {
      throw HttpFailures.malformed(NAME, "finished operation without generateVideoResponse");
    }
    List<GeneratedMedia> videos = new ArrayList<>();
    for (JsonNode sample : result.path("generatedSamples").values()) {
      if (videos.size() == MAX_VIDEOS) {
        break;
      }
      String uri = text(sample.path("video"), "uri");
      if (uri != null) {
        videos.add(GeneratedMedia.at("video/mp4", videoUri(uri)));
      }
    }
    if (!videos.isEmpty()) {
      return new ProviderResponse.Completed(videos, name, null);
    }
    JsonNode reasons = result.path("raiMediaFilteredReasons");
    if (result.path("raiMediaFilteredCount").asInt(0) > 0
        || (reasons.isArray() && !reasons.isEmpty())) {
      String reason = reasons.isArray() && !reasons.isEmpty() ? reasons.get(0).asString("") : "";
      throw new ProviderException(
          Kind.CONTENT_POLICY,
          200,
          NAME + " filtered the video: " + HttpFailures.excerpt(scrub(reason)));
    }
    throw HttpFailures.malformed(NAME, "finished operation without a video");
  }

  /**
   * A finished operation that failed; its error is a google.rpc.Status with a gRPC code, not an
   * HTTP status.
   */
  private ProviderException operationFailure(JsonNode error) {
    int code = error.path("code").asInt(0);
    String message = scrub(text(error, "message"));
    String detail =
        NAME
            + " operation failed (code "
            + code
            + "): "
            + HttpFailures.excerpt(String.valueOf(message));
    if (code == RESOURCE_EXHAUSTED_CODE
        || code == 429
        || "RESOURCE_EXHAUSTED".equals(text(error, "status"))) {
      return new ProviderException(
          Kind.RATE_LIMITED, 200, HttpFailures.retryAfter(retryDelay(error), clock), detail, null);
    }
    if (looksLikeSafetyRefusal(message)) {
      return new ProviderException(Kind.CONTENT_POLICY, 200, detail);
    }
    return new ProviderException(Kind.GENERATION_FAILED, 200, detail);
  }

  private HttpRequest post(String modelMethod, ObjectNode body) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/v1beta/models/" + modelMethod))
        .timeout(timeout)
        .header(KEY_HEADER, apiKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
  }

  private Answer exchange(HttpRequest request) throws ProviderException {
    CompletableFuture<HttpResponse<InputStream>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response;
    try {
      response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(call);
      throw HttpFailures.forIo(
          NAME, new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms"));
    } catch (InterruptedException e) {
      abandon(call);
      Thread.currentThread().interrupt();
      throw HttpFailures.forIo(
          NAME, new InterruptedIOException("interrupted while waiting for google"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw HttpFailures.forIo(NAME, io);
      }
      throw new ProviderException(
          Kind.UNAVAILABLE,
          0,
          null,
          NAME + " call failed: " + cause.getClass().getSimpleName(),
          cause);
    }
    return new Answer(
        response.statusCode(),
        response.headers(),
        new ai.omnix.pipeline.generation.provider.IdleTimeoutInputStream(response.body(), timeout));
  }

  private static void abandon(CompletableFuture<HttpResponse<InputStream>> call) {
    if (!call.cancel(true)) {
      // It answered just as we gave up: close the body so the connection is not left open.
      call.thenAccept(response -> closeQuietly(response.body()));
    }
  }

  private JsonNode readJson(Answer answer, int limit) throws ProviderException {
    if (answer.status() / 100 != 2) {
      throw failure(answer);
    }
    byte[] bytes;
    try (InputStream in = answer.body()) {
      bytes = in.readNBytes(limit + 1);
    } catch (IOException e) {
      throw HttpFailures.forIo(NAME, e);
    }
    if (bytes.length > limit) {
      throw HttpFailures.malformed(NAME, "answer larger than " + limit + " bytes");
    }
    JsonNode node = parse(bytes);
    if (node == null || !node.isObject()) {
      throw HttpFailures.malformed(
          NAME,
          "not a JSON object: "
              + HttpFailures.excerpt(
                  scrub(
                      new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8))));
    }
    return node;
  }

  /**
   * Classifies a non-2xx answer, reading the Google error body: {@code
   * {"error":{"code","message","status"}}}.
   */
  private ProviderException failure(Answer answer) {
    byte[] bytes;
    try (InputStream in = answer.body()) {
      bytes = in.readNBytes(MAX_ERROR_EXCERPT_BYTES);
    } catch (IOException e) {
      bytes = new byte[0];
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    JsonNode parsed = parse(bytes);
    JsonNode error = parsed == null ? MissingNode.getInstance() : parsed.path("error");
    String status = text(error, "status");
    String message = text(error, "message");
    String said = message == null ? body : status == null ? message : status + ": " + message;
    String excerpt = HttpFailures.excerpt(scrub(said));
    String retryAfter = answer.headers().firstValue("Retry-After").orElse(retryDelay(error));
    String detail = NAME + " answered HTTP " + answer.status() + ": " + excerpt;
    if ("RESOURCE_EXHAUSTED".equals(status)) {
      return new ProviderException(
          Kind.RATE_LIMITED,
          answer.status(),
          HttpFailures.retryAfter(retryAfter, clock),
          detail,
          null);
    }
    // The Gemini API answers a wrong key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, not
    // 401.
    if ("UNAUTHENTICATED".equals(status)
        || "PERMISSION_DENIED".equals(status)
        || hasErrorReason(error, "API_KEY_INVALID")) {
      return new ProviderException(Kind.UNAUTHORIZED, answer.status(), detail);
    }
    boolean contentPolicy = answer.status() == 400 && looksLikeSafetyRefusal(message);
    return HttpFailures.forStatus(NAME, answer.status(), contentPolicy, retryAfter, excerpt, clock);
  }

  private JsonNode parse(byte[] bytes) {
    try {
      return json.readTree(bytes);
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * Google puts its back-off in a RetryInfo detail ({@code "retryDelay":"7s"}) rather than
   * Retry-After.
   */
  private static String retryDelay(JsonNode error) {
    for (JsonNode detail : error.path("details").values()) {
      String delay = text(detail, "retryDelay");
      if (delay != null) {
        Matcher m = RETRY_DELAY.matcher(delay.trim());
        if (m.matches()) {
          long seconds = Long.parseLong(m.group(1));
          return Long.toString(m.group(2) == null ? seconds : seconds + 1);
        }
      }
    }
    return null;
  }

  private static boolean hasErrorReason(JsonNode error, String reason) {
    for (JsonNode detail : error.path("details").values()) {
      if (reason.equals(text(detail, "reason"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeSafetyRefusal(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return SAFETY_WORDS.stream().anyMatch(lower::contains);
  }

  private URI videoUri(String uri) throws ProviderException {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (java.net.URISyntaxException e) {
      throw HttpFailures.malformed(NAME, "video URL is not a URL");
    }
    if (!sameOrigin(parsed)) {
      // download() would refuse it anyway; saying so now keeps a foreign URL out of the job's
      // record.
      throw HttpFailures.malformed(
          NAME, "video URL outside " + baseUrl + ": " + HttpFailures.excerpt(uri));
    }
    return parsed;
  }

  private URI redirectTarget(Answer answer, URI from, int hop) throws ProviderException {
    Optional<String> location = answer.headers().firstValue("Location");
    if (location.isEmpty() || hop >= MAX_REDIRECTS) {
      throw new ProviderException(
          Kind.MALFORMED_RESPONSE,
          answer.status(),
          NAME
              + " download: "
              + (location.isEmpty() ? "redirect without Location" : "too many redirects"));
    }
    URI next;
    try {
      next = from.resolve(new URI(location.get()));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new ProviderException(
          Kind.MALFORMED_RESPONSE, answer.status(), NAME + " download: bad redirect");
    }
    if (!sameOrigin(next) && !"https".equalsIgnoreCase(next.getScheme())) {
      throw new ProviderException(
          Kind.MALFORMED_RESPONSE,
          answer.status(),
          NAME + " download redirected to a non-https URL");
    }
    return next;
  }

  private boolean sameOrigin(URI uri) {
    return uri.isAbsolute()
        && origin.getScheme().equalsIgnoreCase(uri.getScheme())
        && uri.getHost() != null
        && origin.getHost().equalsIgnoreCase(uri.getHost())
        && port(origin) == port(uri);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String model(ProviderRequest request) throws ProviderException {
    String model =
        request.providerModel().startsWith("models/")
            ? request.providerModel().substring("models/".length())
            : request.providerModel();
    if (!MODEL.matcher(model).matches()) {
      throw new ProviderException(
          Kind.INVALID_REQUEST,
          0,
          "not a google model id: " + HttpFailures.excerpt(request.providerModel()));
    }
    return model;
  }

  private static String imageType(String declared) {
    return declared != null && declared.matches("image/[a-z0-9.+-]{1,40}") ? declared : null;
  }

  private static byte[] decode(String base64) throws ProviderException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw HttpFailures.malformed(NAME, "image bytes are not base64");
    }
    if (bytes.length == 0) {
      throw HttpFailures.malformed(NAME, "empty image");
    }
    return bytes;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.stringValue() : null;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /** Google does not echo keys in errors today; this keeps it so if that ever changes. */
  private String scrub(String text) {
    return text == null ? null : text.replace(apiKey, "[api key]");
  }

  private static ProviderException unsupported(Capability capability) {
    return new ProviderException(
        Kind.INVALID_REQUEST, 0, NAME + " does not serve " + capability.wireName());
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing to release beyond the connection
    }
  }

  private record Answer(int status, HttpHeaders headers, InputStream body) {
    void close() {
      closeQuietly(body);
    }
  }
}
