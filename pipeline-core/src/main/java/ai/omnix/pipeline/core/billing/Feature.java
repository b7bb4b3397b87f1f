package ai.omnix.pipeline.core.billing;

import java.util.Locale;
import java.util.Optional;

/**
 * What a tenant is charged for, as the product sells it. Each billable feature has a published
 * price range per {@link #unit()} ({@link PriceRange#of(Feature)}) that every catalog model and job
 * type must keep to. {@link #AGENTS} and {@link #VOICE} are plan entitlements without a job type
 * yet; {@link #INTERNAL} is work that is never billed (smoke tests, operators' runs).
 */
public enum Feature {
  TEXT("message"),
  IMAGE("image"),
  VIDEO("video"),
  FILE_PROCESSING("file"),
  AGENTS("run"),
  VOICE("minute"),
  INTERNAL("job");

  private final String unit;

  Feature(String unit) {
    this.unit = unit;
  }

  /** What one published price buys: a message, an image, a video, a file. */
  public String unit() {
    return unit;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Feature> fromWireName(String name) {
    for (Feature feature : values()) {
      if (feature.wireName().equals(name)) {
        return Optional.of(feature);
      }
    }
    return Optional.empty();
  }
}
