package ai.omnix.pipeline.generation.provider;

/** Builds the {@link ProviderRequest}s provider client tests send. */
public final class ProviderRequestBuilder {
  private final Capability capability;
  private String model;
  private String prompt = "a lighthouse at dusk";
  private String negativePrompt;
  private int width;
  private int height;
  private String aspectRatio;
  private int durationSeconds;
  private Long seed;
  private int count = 1;
  private ProviderRequest.InputImage inputImage;
  private String idempotencyKey = "attempt-1";

  public ProviderRequestBuilder(Capability capability, String model) {
    this.capability = capability;
    this.model = model;
  }

  public ProviderRequestBuilder model(String model) {
    this.model = model;
    return this;
  }

  public ProviderRequestBuilder prompt(String prompt) {
    this.prompt = prompt;
    return this;
  }

  public ProviderRequestBuilder negativePrompt(String negativePrompt) {
    this.negativePrompt = negativePrompt;
    return this;
  }

  public ProviderRequestBuilder size(int width, int height) {
    this.width = width;
    this.height = height;
    return this;
  }

  public ProviderRequestBuilder aspectRatio(String aspectRatio) {
    this.aspectRatio = aspectRatio;
    return this;
  }

  public ProviderRequestBuilder durationSeconds(int durationSeconds) {
    this.durationSeconds = durationSeconds;
    return this;
  }

  public ProviderRequestBuilder seed(Long seed) {
    this.seed = seed;
    return this;
  }

  public ProviderRequestBuilder count(int count) {
    this.count = count;
    return this;
  }

  public ProviderRequestBuilder inputImage(byte[] data, String contentType) {
    this.inputImage = new ProviderRequest.InputImage(data, contentType);
    return this;
  }

  public ProviderRequestBuilder idempotencyKey(String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
    return this;
  }

  public ProviderRequest build() {
    return new ProviderRequest(
        capability,
        model,
        prompt,
        negativePrompt,
        width,
        height,
        aspectRatio,
        durationSeconds,
        seed,
        count,
        inputImage,
        idempotencyKey);
  }
}
