package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.route.GenerationSpec;
import ai.omnix.pipeline.generation.route.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of {@code generate-image} and {@code generate-video}, parsed from a job's params.
 */
public record GenerationRequest(
    Capability capability,
    String prompt,
    String negativePrompt,
    String model,
    Long maxCredits,
    int width,
    int height,
    String aspectRatio,
    Long seed,
    int count,
    int durationSeconds,
    boolean renditions) {

  public static final String PROMPT = "prompt";
  public static final String NEGATIVE_PROMPT = "negative_prompt";
  public static final String MODEL = "model";
  public static final String MAX_CREDITS = "max_credits";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String ASPECT_RATIO = "aspect_ratio";
  public static final String SEED = "seed";
  public static final String COUNT = "count";
  public static final String DURATION_S = "duration_s";
  public static final String RENDITIONS = "renditions";

  public static final int MAX_PROMPT = 4000;
  public static final int MAX_NEGATIVE_PROMPT = 2000;
  public static final int DEFAULT_VIDEO_SECONDS = 5;
  static final List<String> ASPECT_RATIOS = List.of("1:1", "16:9", "9:16", "4:3", "3:4");

  /** The parameters both types share. */
  static List<ParamSpec> commonParams() {
    return List.of(
        ParamSpec.string(
            PROMPT, MAX_PROMPT, true, "What to generate (1 to " + MAX_PROMPT + " characters)."),
        ParamSpec.string(
            NEGATIVE_PROMPT,
            MAX_NEGATIVE_PROMPT,
            false,
            "What to avoid, for models that take a negative prompt."),
        ParamSpec.string(
            MODEL,
            100,
            false,
            "A catalog model id (GET /v1/models). Default: the cheapest model that"
                + " can serve the request within max_credits."),
        ParamSpec.integer(
            MAX_CREDITS,
            0,
            100_000_000,
            false,
            "The most this job may cost; routes above it are never used."),
        ParamSpec.integer(
            WIDTH, 64, 4096, false, "Output width in pixels; the provider picks its nearest size."),
        ParamSpec.integer(
            HEIGHT,
            64,
            4096,
            false,
            "Output height in pixels; the provider picks its nearest size."),
        ParamSpec.oneOf(
            ASPECT_RATIO,
            ASPECT_RATIOS,
            false,
            "For providers that take a ratio instead of a size."),
        ParamSpec.integer(
            SEED,
            0,
            4_294_967_295L,
            false,
            "Same seed, same prompt: the same output where the"
                + " provider supports it (always for the offline models)."));
  }

  /** Parses params already checked against the type's schema. */
  static GenerationRequest parse(Capability capability, Map<String, Object> params) {
    boolean video = capability == Capability.VIDEO;
    return new GenerationRequest(
        capability,
        (String) params.get(PROMPT),
        (String) params.get(NEGATIVE_PROMPT),
        (String) params.get(MODEL),
        longOrNull(params.get(MAX_CREDITS)),
        intOr(params.get(WIDTH), 0),
        intOr(params.get(HEIGHT), 0),
        (String) params.get(ASPECT_RATIO),
        longOrNull(params.get(SEED)),
        video ? 1 : intOr(params.get(COUNT), 1),
        video ? intOr(params.get(DURATION_S), DEFAULT_VIDEO_SECONDS) : 0,
        !Boolean.FALSE.equals(params.get(RENDITIONS)));
  }

  /** Checks beyond the schema. */
  static List<Violation> violations(Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    Object prompt = params.get(PROMPT);
    if (prompt instanceof String s && s.isBlank()) {
      violations.add(new Violation("params." + PROMPT, "must not be blank"));
    }
    for (String field : List.of(PROMPT, NEGATIVE_PROMPT)) {
      if (params.get(field) instanceof String s
          && s.chars().anyMatch(c -> c < 32 && c != '\n' && c != '\t' && c != '\r')) {
        violations.add(new Violation("params." + field, "must not contain control characters"));
      }
    }
    return violations;
  }

  public GenerationSpec spec() {
    return new GenerationSpec(capability, model, maxCredits, count, durationSeconds);
  }

  public ProviderRequest toProvider(
      Route route, ProviderRequest.InputImage inputImage, String idempotencyKey) {
    return new ProviderRequest(
        capability,
        route.endpoint().providerModel(),
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

  private static Long longOrNull(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static int intOr(Object value, int fallback) {
    return value instanceof Number n ? n.intValue() : fallback;
  }
}
