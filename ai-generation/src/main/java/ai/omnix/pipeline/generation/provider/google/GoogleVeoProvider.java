package ai.omnix.pipeline.generation.provider.google;

import static ai.omnix.pipeline.generation.provider.google.GeminiApi.NAME;
import static ai.omnix.pipeline.generation.provider.google.GeminiApi.putIfPresent;
import static ai.omnix.pipeline.generation.provider.google.GeminiApi.text;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.HttpFailures;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Veo on the Gemini API. A video is a long-running operation started by {@code
 * models/{model}:predictLongRunning}; its name is the operation id to {@link #poll}, and the
 * finished video is a file URL on the API's origin that {@link #download} fetches with the key
 * (following a redirect to storage without it). Google's {@code video} models. Seeds are not sent
 * (see {@link GoogleImagenProvider}). Thread-safe; never retries and never follows an operation on
 * its own; Google's operations cannot be canceled here.
 */
public final class GoogleVeoProvider extends GeminiProvider {
  /**
   * Veo takes one to several minutes; polling every ten seconds is what Google's own samples do.
   */
  static final Duration POLL_AFTER = Duration.ofSeconds(10);

  private static final int MAX_OPERATION_ANSWER = 1 << 20;
  private static final int MAX_VIDEOS = 4;
  private static final Pattern OPERATION =
      Pattern.compile(
          "models/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/operations/[A-Za-z0-9][A-Za-z0-9._-]{0,255}");

  /**
   * @param api the Gemini API connection, which may be shared with Google's other models
   */
  public GoogleVeoProvider(GeminiApi api) {
    super(api, Capability.VIDEO);
  }

  @Override
  public ProviderResponse submit(ProviderRequest request) throws ProviderException {
    requireCapability(request);
    ObjectNode body = api.newObject();
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

    JsonNode answer = api.post(request, "predictLongRunning", body, MAX_OPERATION_ANSWER);
    String name = text(answer, "name");
    if (name == null || !OPERATION.matcher(name).matches()) {
      throw HttpFailures.malformed(
          NAME, "no operation name in " + HttpFailures.excerpt(api.scrub(answer.toString())));
    }
    return operation(answer, name);
  }

  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId)
      throws ProviderException {
    requireCapability(request);
    if (operationId == null || !OPERATION.matcher(operationId).matches()) {
      throw new ProviderException(
          Kind.INVALID_REQUEST,
          0,
          "not a google operation name: " + HttpFailures.excerpt(String.valueOf(operationId)));
    }
    return operation(api.get(operationId, MAX_OPERATION_ANSWER), operationId);
  }

  @Override
  public InputStream download(GeneratedMedia media) throws ProviderException {
    if (media.url() == null) {
      throw new ProviderException(
          Kind.INVALID_REQUEST, 0, NAME + " downloads only its own files, not inline media");
    }
    return api.download(media.url());
  }

  private ProviderResponse operation(JsonNode answer, String name) throws ProviderException {
    JsonNode done = answer.path("done");
    if (!done.isMissingNode() && !done.isBoolean()) {
      throw HttpFailures.malformed(NAME, "done is not a boolean");
    }
    if (!done.asBoolean(false)) {
      if (text(answer, "name") == null) {
        throw HttpFailures.malformed(
            NAME, "not an operation: " + HttpFailures.excerpt(api.scrub(answer.toString())));
      }
      return new ProviderResponse.Pending(name, POLL_AFTER);
    }
    JsonNode error = answer.path("error");
    if (error.isObject()) {
      throw api.operationFailure(error);
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
        videos.add(GeneratedMedia.at("video/mp4", api.ownUrl(uri)));
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
          NAME + " filtered the video: " + HttpFailures.excerpt(api.scrub(reason)));
    }
    throw HttpFailures.malformed(NAME, "finished operation without a video");
  }
}
