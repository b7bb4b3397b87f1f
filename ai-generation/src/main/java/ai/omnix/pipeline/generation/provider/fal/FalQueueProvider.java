package ai.omnix.pipeline.generation.provider.fal;

import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.Credential;
import ai.omnix.pipeline.providers.http.HttpAnswer;
import ai.omnix.pipeline.providers.http.HttpCall;
import ai.omnix.pipeline.providers.http.HttpFailures;
import ai.omnix.pipeline.providers.http.Origins;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fal.ai's queue API, which serves FLUX images and Seedance/Kling-style videos behind one protocol:
 * {@link #submit} queues the input and answers with a request id; {@link #poll} asks for the
 * request's status and, once it is completed, fetches the result, whose files are URLs on fal's
 * public CDN.
 *
 * <p>Thread-safe. Never retries. The key ({@code Authorization: Key …}) goes only to the configured
 * base URL's origin: status and result URLs the queue hands back are used only when they point
 * there, and {@link #download} sends no key at all. Every answer is read up to a limit (1 MiB for
 * the JSON it must understand). Calls and downloads go through {@link ProviderHttp}: the queue's
 * and the CDN's addresses are checked at connect time against the outbound policy.
 *
 * <p>Operation ids are the status path relative to the base URL, such as {@code
 * fal-ai/flux/requests/764cabcf-…/status}, so a poll needs nothing but the id; a bare request id is
 * accepted too, and then the path is built from the request's model.
 */
public final class FalQueueProvider implements GenerationProvider, AutoCloseable {
  /** The production queue. */
  public static final URI QUEUE_URL = URI.create("https://queue.fal.run");

  static final int MAX_JSON_BYTES = 1 << 20;
  private static final int MAX_OUTPUTS = 16;
  private static final int MAX_URL_LENGTH = 4096;
  private static final Duration IMAGE_POLL = Duration.ofSeconds(1);
  private static final Duration VIDEO_POLL = Duration.ofSeconds(5);
  private static final String NAME = "fal";

  // Path segments fal uses for owners, apps and sub-paths; never "." or "..", never empty, never
  // escaped.
  private static final String SEGMENT = "[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}";
  private static final String ID = "[A-Za-z0-9_-]{1,128}";
  private static final Pattern MODEL_ID = Pattern.compile(SEGMENT + "(?:/" + SEGMENT + "){1,7}");
  private static final Pattern REQUEST_ID = Pattern.compile(ID);
  private static final Pattern STATUS_PATH =
      Pattern.compile("(" + SEGMENT + "(?:/" + SEGMENT + "){0,7})/requests/(" + ID + ")/status");
  private static final Pattern RESULT_PATH =
      Pattern.compile(SEGMENT + "(?:/" + SEGMENT + "){0,7}/requests/(" + ID + ")");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]{1,20}/[a-z0-9.+-]{1,80}");

  private static final Map<String, String> SIZE_PRESETS =
      Map.of(
          "1:1", "square_hd",
          "4:3", "landscape_4_3",
          "3:4", "portrait_4_3",
          "16:9", "landscape_16_9",
          "9:16", "portrait_16_9");

  private final URI baseUrl;
  private final String basePath;
  private final ProviderHttp queue;
  private final ProviderHttp cdn;

  /**
   * @param baseUrl the queue, {@link #QUEUE_URL} in production
   * @param apiKey the {@code FAL_KEY}
   * @param timeout for each call, from connecting to the last byte of a JSON answer; for a
   *     download, until its headers arrive and then between any two reads of its body
   * @param addresses which addresses the queue and generated files may be fetched from: fal answers
   *     with URLs, and an answer must not make us fetch from a private network (allow-listed blocks
   *     excepted)
   */
  public FalQueueProvider(
      URI baseUrl, String apiKey, Duration timeout, Clock clock, OutboundAddressPolicy addresses) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!Origins.isHttp(baseUrl)) {
      throw new IllegalArgumentException(
          "fal base URL must be an absolute http(s) URL, got " + baseUrl);
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException(
          "fal API key is missing: set the FAL_KEY of the fal endpoint");
    }
    this.baseUrl = baseUrl;
    String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.queue =
        ProviderHttp.builder(NAME)
            .timeout(timeout)
            .clock(clock)
            .addresses(addresses)
            .credential(new Credential(baseUrl, "Authorization", "Key " + apiKey, apiKey))
            .build();
    // fal's media URLs are public CDN URLs: the key stays home, whatever host they name.
    this.cdn =
        ProviderHttp.builder(NAME).timeout(timeout).clock(clock).addresses(addresses).build();
  }

  /** For the default queue: see {@link #QUEUE_URL}. */
  @Override
  public void close() {
    queue.close();
    cdn.close();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ProviderResponse submit(ProviderRequest request) throws ProviderException {
    String model = modelId(request);
    JsonNode answer =
        queueJson(HttpCall.post(queueUri(model), queue.toJson(input(request)), "application/json"));
    String requestId = string(answer, "request_id");
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      throw HttpFailures.malformed(NAME, "no usable request_id in the submit answer");
    }
    return new ProviderResponse.Pending(operationId(model, requestId, answer), pollAfter(request));
  }

  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId)
      throws ProviderException {
    Matcher statusPath = statusPath(request, operationId);
    String requestId = statusPath.group(2);
    JsonNode status = queueJson(HttpCall.get(queueUri(statusPath.group())));
    String state = string(status, "status");
    if ("IN_QUEUE".equals(state) || "IN_PROGRESS".equals(state)) {
      return new ProviderResponse.Pending(operationId, pollAfter(request));
    }
    if (!"COMPLETED".equals(state)) {
      throw HttpFailures.malformed(
          NAME,
          "unknown status " + HttpFailures.excerpt(state == null ? "(none)" : clip(state, 40)));
    }
    JsonNode error = status.get("error");
    if (error != null && !error.isNull() && !(error.isString() && error.stringValue().isBlank())) {
      String reason = error.isString() ? error.stringValue() : error.toString();
      String errorType = string(status, "error_type");
      boolean refused =
          mentionsContentPolicy(reason) || (errorType != null && mentionsContentPolicy(errorType));
      throw new ProviderException(
          refused ? Kind.CONTENT_POLICY : Kind.GENERATION_FAILED,
          200,
          null,
          "fal reported request "
              + requestId
              + " failed: "
              + HttpFailures.excerpt(clip(reason, 400)),
          null);
    }
    String resultPath = resultPath(statusPath.group(1), requestId, status);
    try (HttpAnswer result = queue.call(HttpCall.get(queueUri(resultPath)))) {
      if (result.isSuccess()) {
        return completed(requestId, result.json());
      }
      String body = result.errorText();
      if (result.status() >= 500 && isFalErrorBody(body)) {
        // The queue said COMPLETED, so fal's own error body here is the run's failure, not the
        // queue's outage.
        throw new ProviderException(
            Kind.GENERATION_FAILED,
            result.status(),
            null,
            "fal request " + requestId + " failed: " + HttpFailures.excerpt(body),
            null);
      }
      throw failure(result, body);
    }
  }

  /**
   * {@code PUT …/requests/{id}/cancel}: fal drops a queued request and signals a running one. 400
   * ({@code ALREADY_COMPLETED}) and 404 mean there is nothing left to stop.
   */
  @Override
  public void cancel(ProviderRequest request, String operationId) throws ProviderException {
    Matcher statusPath = statusPath(request, operationId);
    URI cancel = queueUri(statusPath.group(1) + "/requests/" + statusPath.group(2) + "/cancel");
    try (HttpAnswer answer = queue.call(HttpCall.put(cancel))) {
      if (!answer.isSuccess() && answer.status() != 400 && answer.status() != 404) {
        throw failure(answer, answer.errorText());
      }
    }
  }

  @Override
  public InputStream download(GeneratedMedia media) throws ProviderException {
    if (media.url() == null) {
      return new ByteArrayInputStream(media.data());
    }
    URI url = media.url();
    if (!Origins.isHttp(url)) {
      throw new ProviderException(
          Kind.MALFORMED_RESPONSE,
          0,
          "fal media URL is not an absolute http(s) URL (scheme "
              + clip(String.valueOf(url.getScheme()), 20)
              + ")");
    }
    HttpAnswer answer = cdn.open(HttpCall.get(url).withMaxBytes(Long.MAX_VALUE));
    if (answer.isSuccess()) {
      return answer.body();
    }
    try (answer) {
      throw answer.failure(false, null);
    }
  }

  private ObjectNode input(ProviderRequest request) {
    ObjectNode input = queue.newObject();
    input.put("prompt", request.prompt());
    if (request.negativePrompt() != null) {
      input.put("negative_prompt", request.negativePrompt());
    }
    if (request.seed() != null) {
      input.put("seed", request.seed().longValue());
    }
    if (request.capability() == Capability.VIDEO) {
      if (request.durationSeconds() > 0) {
        // fal's video models take the duration as a string enum ("5", "10").
        input.put("duration", Integer.toString(request.durationSeconds()));
      }
      if (request.aspectRatio() != null) {
        input.put("aspect_ratio", request.aspectRatio());
      }
    } else {
      input.put("num_images", request.count());
      if (request.width() > 0 && request.height() > 0) {
        ObjectNode size = input.putObject("image_size");
        size.put("width", request.width());
        size.put("height", request.height());
      } else if (request.aspectRatio() != null && SIZE_PRESETS.containsKey(request.aspectRatio())) {
        input.put("image_size", SIZE_PRESETS.get(request.aspectRatio()));
      }
    }
    if (request.inputImage() != null) {
      input.put(
          "image_url",
          "data:"
              + request.inputImage().contentType()
              + ";base64,"
              + Base64.getEncoder().encodeToString(request.inputImage().data()));
    }
    return input;
  }

  private static String modelId(ProviderRequest request) throws ProviderException {
    String model = request.providerModel();
    if (!MODEL_ID.matcher(model).matches()) {
      throw new ProviderException(
          Kind.INVALID_REQUEST,
          0,
          "not a fal model id (owner/app[/path]): " + HttpFailures.excerpt(clip(model, 80)));
    }
    return model;
  }

  /** The queue keeps status and results under the model's app, its first two path segments. */
  private static String appId(String model) {
    int first = model.indexOf('/');
    int second = model.indexOf('/', first + 1);
    return second < 0 ? model : model.substring(0, second);
  }

  private String operationId(String model, String requestId, JsonNode submitted) {
    String fromQueue = pathOnQueue(submitted.get("status_url"));
    if (fromQueue != null) {
      Matcher m = STATUS_PATH.matcher(fromQueue);
      if (m.matches() && m.group(2).equals(requestId)) {
        return fromQueue;
      }
    }
    return appId(model) + "/requests/" + requestId + "/status";
  }

  /**
   * The operation's status path, matched by {@link #STATUS_PATH}: group 1 is the app, group 2 the
   * request id.
   */
  private static Matcher statusPath(ProviderRequest request, String operationId)
      throws ProviderException {
    String path = operationId;
    if (operationId != null && REQUEST_ID.matcher(operationId).matches()) {
      path = appId(modelId(request)) + "/requests/" + operationId + "/status";
    }
    Matcher matcher = STATUS_PATH.matcher(path == null ? "" : path);
    if (matcher.matches()) {
      return matcher;
    }
    throw new ProviderException(
        Kind.INVALID_REQUEST,
        0,
        "not a fal operation id: " + HttpFailures.excerpt(clip(String.valueOf(operationId), 80)));
  }

  private String resultPath(String app, String requestId, JsonNode status) {
    String fromQueue = pathOnQueue(status.get("response_url"));
    if (fromQueue != null) {
      Matcher m = RESULT_PATH.matcher(fromQueue);
      if (m.matches() && m.group(1).equals(requestId)) {
        return fromQueue;
      }
    }
    return app + "/requests/" + requestId;
  }

  /**
   * The path below the base URL of a URL the queue sent, or null when it is absent, unreadable, or
   * anywhere but the base URL's origin and path: the key is sent to what this returns.
   */
  private String pathOnQueue(JsonNode url) {
    if (url == null || !url.isString() || url.stringValue().length() > MAX_URL_LENGTH) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url.stringValue());
    } catch (java.net.URISyntaxException e) {
      return null;
    }
    if (!Origins.sameOrigin(baseUrl, uri)
        || uri.getRawUserInfo() != null
        || uri.getRawPath() == null
        || !uri.getRawPath().startsWith(basePath + "/")) {
      return null;
    }
    return uri.getRawPath().substring(basePath.length() + 1);
  }

  private URI queueUri(String pathBelowBase) {
    return URI.create(
        baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + basePath + "/" + pathBelowBase);
  }

  /** One call to the queue, answered by one JSON object of at most 1 MiB. */
  private JsonNode queueJson(HttpCall call) throws ProviderException {
    try (HttpAnswer answer =
        queue.call(call.withHeader("Accept", "application/json").withMaxBytes(MAX_JSON_BYTES))) {
      if (!answer.isSuccess()) {
        throw failure(answer, answer.errorText());
      }
      return answer.json();
    }
  }

  private ProviderException failure(HttpAnswer answer, String body) {
    boolean refused =
        (answer.status() == 400 || answer.status() == 422) && refusedUnderContentPolicy(body);
    return answer.failure(refused, body);
  }

  /**
   * fal's model errors: {@code {"detail": [{"type": "content_policy_violation", "msg": …}]}} or a
   * string detail.
   */
  private boolean refusedUnderContentPolicy(String body) {
    JsonNode detail = queue.parse(body).path("detail");
    if (detail.isString()) {
      return mentionsContentPolicy(detail.stringValue());
    }
    for (JsonNode problem : detail.values()) {
      String type = string(problem, "type");
      String msg = string(problem, "msg");
      if ((type != null && mentionsContentPolicy(type))
          || (msg != null && mentionsContentPolicy(msg))) {
        return true;
      }
    }
    return false;
  }

  private boolean isFalErrorBody(String body) {
    JsonNode root = queue.parse(body);
    return root.isObject() && (root.has("detail") || root.has("error_type"));
  }

  private static boolean mentionsContentPolicy(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("content_policy")
        || lower.contains("content policy")
        || lower.contains("nsfw");
  }

  private static ProviderResponse.Completed completed(String requestId, JsonNode result)
      throws ProviderException {
    JsonNode nsfw = result.get("has_nsfw_concepts");
    if (nsfw != null && nsfw.isArray()) {
      for (JsonNode flag : nsfw) {
        // fal blanks a flagged image instead of failing the run; a black square is not what was
        // asked for.
        if (flag.isBoolean() && flag.booleanValue()) {
          throw new ProviderException(
              Kind.CONTENT_POLICY,
              200,
              "fal flagged an output of request " + requestId + " as NSFW");
        }
      }
    }
    List<GeneratedMedia> media = new ArrayList<>();
    JsonNode images = result.get("images");
    if (images != null && images.isArray()) {
      if (images.size() > MAX_OUTPUTS) {
        throw HttpFailures.malformed(NAME, images.size() + " images in one result");
      }
      for (JsonNode image : images) {
        media.add(file(image));
      }
    }
    JsonNode video = result.get("video");
    if (video != null && video.isObject()) {
      media.add(file(video));
    }
    if (media.isEmpty()) {
      throw HttpFailures.malformed(
          NAME, "no images or video in the result of request " + requestId);
    }
    return new ProviderResponse.Completed(media, requestId, null);
  }

  private static GeneratedMedia file(JsonNode file) throws ProviderException {
    String url = string(file, "url");
    if (url == null || url.length() > MAX_URL_LENGTH) {
      throw HttpFailures.malformed(NAME, "a file without a usable url");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw HttpFailures.malformed(NAME, "a file url that is not a URI");
    }
    if (!Origins.isHttp(uri)) {
      throw HttpFailures.malformed(NAME, "a file url that is not http(s)");
    }
    String contentType = string(file, "content_type");
    if (contentType != null) {
      contentType = contentType.toLowerCase(Locale.ROOT);
      if (!MEDIA_TYPE.matcher(contentType).matches()) {
        contentType = null;
      }
    }
    return GeneratedMedia.at(contentType, uri);
  }

  private static Duration pollAfter(ProviderRequest request) {
    return request.capability() == Capability.VIDEO ? VIDEO_POLL : IMAGE_POLL;
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
