package ai.omnix.pipeline.generation.provider.google;

import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.Credential;
import ai.omnix.pipeline.providers.http.HttpAnswer;
import ai.omnix.pipeline.providers.http.HttpCall;
import ai.omnix.pipeline.providers.http.HttpFailures;
import ai.omnix.pipeline.providers.http.Origins;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Gemini API ({@code generativelanguage.googleapis.com}) as Imagen and Veo use it: calls
 * authenticated by an API key in the {@code x-goog-api-key} header (never in the URL, so it stays
 * out of logs of URLs), and Google's way of saying what went wrong. Thread-safe; one instance may
 * serve both providers.
 *
 * <p>Not built on the google-genai SDK: version 2.0.0 throws {@code UnsupportedOperationException}
 * from {@code generateImages} and {@code generateVideos} unless the client is in Vertex AI mode, so
 * it cannot call Imagen or Veo with a Gemini API key. The request and answer shapes are the ones
 * the SDKs' Gemini API converters use.
 */
public final class GeminiApi implements AutoCloseable {
  static final String NAME = "google";
  static final String KEY_HEADER = "x-goog-api-key";

  private static final int MAX_REDIRECTS = 3;
  private static final int RESOURCE_EXHAUSTED_CODE = 8;
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
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
  private final Clock clock;
  private final ProviderHttp http;

  /**
   * @param baseUrl {@code https://generativelanguage.googleapis.com}, or a stand-in for tests;
   *     generated files are fetched only from this origin
   * @param timeout for connecting, for an answer, and for each wait for more of a download
   * @param clock reads {@code Retry-After} dates
   * @param addresses where connections may go, on every redirect hop too
   */
  public GeminiApi(
      URI baseUrl, String apiKey, Duration timeout, Clock clock, OutboundAddressPolicy addresses) {
    Credential key = Credential.forApi(NAME, baseUrl, KEY_HEADER, "", apiKey);
    String base = baseUrl.toString();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.origin = baseUrl;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        ProviderHttp.builder(NAME)
            .timeout(timeout)
            .clock(clock)
            .addresses(addresses)
            .credential(key)
            .build();
  }

  ObjectNode newObject() {
    return http.newObject();
  }

  /** {@code POST /v1beta/models/{model}:{method}}, answered by one JSON object. */
  JsonNode post(ProviderRequest request, String method, ObjectNode body, long maxBytes)
      throws ProviderException {
    URI uri = URI.create(baseUrl + "/v1beta/models/" + model(request) + ":" + method);
    return json(HttpCall.post(uri, http.toJson(body), "application/json").withMaxBytes(maxBytes));
  }

  /** {@code GET /v1beta/{name}}, answered by one JSON object. */
  JsonNode get(String name, long maxBytes) throws ProviderException {
    return json(HttpCall.get(URI.create(baseUrl + "/v1beta/" + name)).withMaxBytes(maxBytes));
  }

  /**
   * Opens a generated file on the API's origin, with the key; a redirect to storage elsewhere is
   * followed (https only, without the key, its address checked).
   */
  InputStream download(URI file) throws ProviderException {
    if (!Origins.sameOrigin(origin, file)) {
      throw new ProviderException(
          Kind.INVALID_REQUEST,
          0,
          NAME + " downloads only its own files, from " + baseUrl + "; not " + file);
    }
    HttpAnswer answer =
        http.open(HttpCall.get(file).withMaxBytes(Long.MAX_VALUE).withRedirects(MAX_REDIRECTS));
    if (answer.isSuccess()) {
      return answer.body();
    }
    try (answer) {
      throw failure(answer);
    }
  }

  /** A URL the API answered with, when it is on the API's origin: the key may go there. */
  URI ownUrl(String url) throws ProviderException {
    URI parsed;
    try {
      parsed = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw HttpFailures.malformed(NAME, "a file URL that is not a URL");
    }
    if (!Origins.sameOrigin(origin, parsed)) {
      // download() would refuse it anyway; saying so now keeps a foreign URL out of the job's
      // record.
      throw HttpFailures.malformed(
          NAME, "file URL outside " + baseUrl + ": " + HttpFailures.excerpt(url));
    }
    return parsed;
  }

  private JsonNode json(HttpCall call) throws ProviderException {
    try (HttpAnswer answer = http.call(call)) {
      if (!answer.isSuccess()) {
        throw failure(answer);
      }
      return answer.json();
    }
  }

  /**
   * Classifies a non-2xx answer, reading the Google error body: {@code
   * {"error":{"code","message","status"}}}.
   */
  private ProviderException failure(HttpAnswer answer) {
    String body = answer.errorText();
    JsonNode error = http.parse(body).path("error");
    String status = text(error, "status");
    String message = text(error, "message");
    String said = message == null ? body : status == null ? message : status + ": " + message;
    if ("RESOURCE_EXHAUSTED".equals(status)) {
      String retryAfter = answer.header("Retry-After").orElse(retryDelay(error));
      return new ProviderException(
          Kind.RATE_LIMITED,
          answer.status(),
          HttpFailures.retryAfter(retryAfter, clock),
          NAME + " answered HTTP " + answer.status() + ": " + HttpFailures.excerpt(said),
          null);
    }
    // The Gemini API answers a wrong key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, not
    // 401.
    if ("UNAUTHENTICATED".equals(status)
        || "PERMISSION_DENIED".equals(status)
        || hasErrorReason(error, "API_KEY_INVALID")) {
      return new ProviderException(
          Kind.UNAUTHORIZED,
          answer.status(),
          NAME + " answered HTTP " + answer.status() + ": " + HttpFailures.excerpt(said));
    }
    boolean contentPolicy = answer.status() == 400 && looksLikeSafetyRefusal(message);
    return answer.failure(contentPolicy, said);
  }

  /**
   * A finished operation that failed; its error is a google.rpc.Status with a gRPC code, not an
   * HTTP status.
   */
  ProviderException operationFailure(JsonNode error) {
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

  static boolean looksLikeSafetyRefusal(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return SAFETY_WORDS.stream().anyMatch(lower::contains);
  }

  /** Google does not echo keys in errors today; this keeps it so if that ever changes. */
  String scrub(String text) {
    return http.scrub(text);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.stringValue() : null;
  }

  static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  static ProviderException unsupported(ProviderRequest request) {
    return new ProviderException(
        Kind.INVALID_REQUEST, 0, NAME + " does not serve " + request.capability().wireName());
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

  @Override
  public void close() {
    http.close();
  }
}
