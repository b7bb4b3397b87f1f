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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imagen on the Gemini API: {@code models/{model}:predict} answers at once with the images inline
 * (base64), so there is nothing to poll or download. Google's {@code image} models. A request's
 * seed is not sent: the Gemini API takes none for Imagen (Google's SDKs refuse it before sending),
 * and sending it would turn a reproducibility hint into a failed request. Thread-safe; never
 * retries.
 */
public final class GoogleImagenProvider extends GeminiProvider {
  /** Up to four base64 PNGs of up to 2K pixels. */
  private static final int MAX_ANSWER = 64 << 20;

  /**
   * @param api the Gemini API connection, which may be shared with Google's other models
   */
  public GoogleImagenProvider(GeminiApi api) {
    super(api, Capability.IMAGE);
  }

  @Override
  public ProviderResponse submit(ProviderRequest request) throws ProviderException {
    requireCapability(request);
    ObjectNode body = api.newObject();
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

    JsonNode predictions = api.post(request, "predict", body, MAX_ANSWER).path("predictions");
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
            NAME + " filtered the image: " + HttpFailures.excerpt(api.scrub(filteredReason)));
      }
      throw HttpFailures.malformed(NAME, "no prediction has image bytes or a filter reason");
    }
    return new ProviderResponse.Completed(images, null, null);
  }

  /** Images are synchronous: there is no operation to ask about. */
  @Override
  public ProviderResponse poll(ProviderRequest request, String operationId)
      throws ProviderException {
    throw GeminiApi.unsupported(request);
  }

  /** Images come inline. */
  @Override
  public InputStream download(GeneratedMedia media) throws ProviderException {
    throw new ProviderException(
        Kind.INVALID_REQUEST, 0, NAME + " images come inline; there is nothing to download");
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
}
