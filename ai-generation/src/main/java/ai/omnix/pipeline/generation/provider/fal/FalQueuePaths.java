package ai.omnix.pipeline.generation.provider.fal;

import static ai.omnix.pipeline.generation.provider.fal.FalPayloads.MAX_URL_LENGTH;
import static ai.omnix.pipeline.generation.provider.fal.FalPayloads.clip;

import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.HttpFailures;
import ai.omnix.pipeline.providers.http.Origins;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Where things are on fal's queue: a model's app, a request's status and result paths, checked so
 * that the key only ever goes below the configured base URL. Immutable.
 */
final class FalQueuePaths {
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

  private final URI baseUrl;
  private final String basePath;

  FalQueuePaths(URI baseUrl) {
    this.baseUrl = baseUrl;
    String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  static boolean isRequestId(String id) {
    return id != null && REQUEST_ID.matcher(id).matches();
  }

  URI uri(String pathBelowBase) {
    return URI.create(
        baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + basePath + "/" + pathBelowBase);
  }

  static String modelId(ProviderRequest request) throws ProviderException {
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

  String operationId(String model, String requestId, JsonNode submitted) {
    return queueOwn(submitted.get("status_url"), STATUS_PATH, 2, requestId)
        .orElse(appId(model) + "/requests/" + requestId + "/status");
  }

  /**
   * The operation's status path, matched by {@link #STATUS_PATH}: group 1 is the app, group 2 the
   * request id.
   */
  static Matcher statusPath(ProviderRequest request, String operationId) throws ProviderException {
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

  String resultPath(String app, String requestId, JsonNode status) {
    return queueOwn(status.get("response_url"), RESULT_PATH, 1, requestId)
        .orElse(app + "/requests/" + requestId);
  }

  /**
   * A path the queue handed back, when it lies below the base URL and its request id (group {@code
   * group} of {@code shape}) is this request's: the queue knows its own layout better than a guess
   * from the model id.
   */
  private Optional<String> queueOwn(JsonNode url, Pattern shape, int group, String requestId) {
    String fromQueue = pathOnQueue(url);
    if (fromQueue == null) {
      return Optional.empty();
    }
    Matcher m = shape.matcher(fromQueue);
    return m.matches() && m.group(group).equals(requestId)
        ? Optional.of(fromQueue)
        : Optional.empty();
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
}
