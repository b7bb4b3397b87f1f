package ai.omnix.pipeline.generation.provider.fal;

import static ai.omnix.pipeline.generation.provider.fal.FalPayloads.clip;
import static ai.omnix.pipeline.generation.provider.fal.FalPayloads.mentionsContentPolicy;
import static ai.omnix.pipeline.generation.provider.fal.FalPayloads.string;

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
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;

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
  private static final Duration IMAGE_POLL = Duration.ofSeconds(1);
  private static final Duration VIDEO_POLL = Duration.ofSeconds(5);
  private static final String NAME = FalPayloads.NAME;

  private final FalQueuePaths paths;
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
    Credential key = Credential.forApi(NAME, baseUrl, "Authorization", "Key ", apiKey);
    this.paths = new FalQueuePaths(baseUrl);
    this.queue =
        ProviderHttp.builder(NAME)
            .timeout(timeout)
            .clock(clock)
            .addresses(addresses)
            .credential(key)
            .build();
    // fal's media URLs are public CDN URLs: the key stays home, whatever host they name.
    this.cdn =
        ProviderHttp.builder(NAME).timeout(timeout).clock(clock).addresses(addresses).build();
  }

  /** Closes the queue's and the CDN's connections. */
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
    String model = FalQueuePaths.modelId(request);
    JsonNode answer =
        queueJson(
            HttpCall.post(
                paths.uri(model),
                queue.toJson(FalPayloads.input(queue.newObject(), request)),
                "application/json"));
    String requestId = string(answer, "request_id");
    if (requestId == null || !FalQueuePaths.isRequestId(requestId)) {
      throw HttpFailures.malformed(NAME, "no usable request_id in the submit answer");
    }
    return new ProviderResponse.Pending(
        paths.operationId(model, requestId, answer), pollAfter(request));
  }

  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId)
      throws ProviderException {
    Matcher statusPath = FalQueuePaths.statusPath(request, operationId);
    String requestId = statusPath.group(2);
    JsonNode status = queueJson(HttpCall.get(paths.uri(statusPath.group())));
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
    String resultPath = paths.resultPath(statusPath.group(1), requestId, status);
    try (HttpAnswer result = queue.call(HttpCall.get(paths.uri(resultPath)))) {
      if (result.isSuccess()) {
        return FalPayloads.completed(requestId, result.json());
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
    Matcher statusPath = FalQueuePaths.statusPath(request, operationId);
    URI cancel = paths.uri(statusPath.group(1) + "/requests/" + statusPath.group(2) + "/cancel");
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

  private static Duration pollAfter(ProviderRequest request) {
    return request.capability() == Capability.VIDEO ? VIDEO_POLL : IMAGE_POLL;
  }
}
