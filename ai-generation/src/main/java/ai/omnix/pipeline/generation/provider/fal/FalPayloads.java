package ai.omnix.pipeline.generation.provider.fal;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.HttpFailures;
import ai.omnix.pipeline.providers.http.Origins;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What fal's queue is sent (a model's input) and what its results say, read defensively. */
final class FalPayloads {
  static final String NAME = "fal";
  private static final int MAX_OUTPUTS = 16;
  static final int MAX_URL_LENGTH = 4096;
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]{1,20}/[a-z0-9.+-]{1,80}");

  private static final Map<String, String> SIZE_PRESETS =
      Map.of(
          "1:1", "square_hd",
          "4:3", "landscape_4_3",
          "3:4", "portrait_4_3",
          "16:9", "landscape_16_9",
          "9:16", "portrait_16_9");

  private FalPayloads() {}

  /** A model's input, filled into {@code input}: prompt, size or preset, duration, image. */
  static ObjectNode input(ObjectNode input, ProviderRequest request) {
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

  static boolean mentionsContentPolicy(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("content_policy")
        || lower.contains("content policy")
        || lower.contains("nsfw");
  }

  static ProviderResponse.Completed completed(String requestId, JsonNode result)
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

  static String string(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
