package ai.omnix.pipeline.generation.provider;

import java.util.Objects;

/**
 * One generation request as sent to one provider endpoint.
 *
 * @param providerModel the provider's own model id, such as {@code gpt-image-1} or {@code
 *     fal-ai/flux/schnell}
 * @param negativePrompt null when not given; providers without negative prompts ignore it
 * @param width requested output width in pixels; with {@code height} the provider picks its nearest
 *     supported size
 * @param aspectRatio such as {@code 16:9}, for providers that take a ratio instead of a size
 * @param durationSeconds videos only; 0 for images
 * @param seed null for a random one
 * @param count images to make (1 to 4); videos always 1
 * @param inputImage null, or the image to edit or animate
 * @param idempotencyKey stable across retries of the same attempt, for providers that honour one
 */
public record ProviderRequest(
    Capability capability,
    String providerModel,
    String prompt,
    String negativePrompt,
    int width,
    int height,
    String aspectRatio,
    int durationSeconds,
    Long seed,
    int count,
    InputImage inputImage,
    String idempotencyKey) {

  public ProviderRequest {
    Objects.requireNonNull(capability);
    Objects.requireNonNull(providerModel);
    Objects.requireNonNull(prompt);
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
  }

  /** An input image: its bytes and media type (image/png, image/jpeg or image/webp). */
  public record InputImage(byte[] data, String contentType) {
    public InputImage {
      Objects.requireNonNull(data);
      Objects.requireNonNull(contentType);
    }
  }
}
