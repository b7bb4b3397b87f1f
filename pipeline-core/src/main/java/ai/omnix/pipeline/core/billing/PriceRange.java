package ai.omnix.pipeline.core.billing;

import java.util.Map;
import java.util.Optional;

/**
 * The published price of a feature, in credits per unit, inclusive at both ends: text 0.1–1 per
 * message, image 1–5 per image, video 10–50 per video, file processing 0.5–5 per file. This is the
 * rule every catalog model and job type obeys (checked by a test over the real catalog and every
 * registered job type); a model whose provider cost cannot be sold inside its range at the minimum
 * margin ({@link CreditPricing}) does not belong in the catalog.
 */
public record PriceRange(Feature feature, Credits min, Credits max) {
  private static final Map<Feature, PriceRange> PUBLISHED =
      Map.of(
          Feature.TEXT, new PriceRange(Feature.TEXT, Credits.parse("0.1"), Credits.of(1)),
          Feature.IMAGE, new PriceRange(Feature.IMAGE, Credits.of(1), Credits.of(5)),
          Feature.VIDEO, new PriceRange(Feature.VIDEO, Credits.of(10), Credits.of(50)),
          Feature.FILE_PROCESSING,
              new PriceRange(Feature.FILE_PROCESSING, Credits.parse("0.5"), Credits.of(5)));

  public PriceRange {
    if (min.isNegative() || max.isLessThan(min)) {
      throw new IllegalArgumentException("price range must be 0 <= min <= max");
    }
  }

  /** The published range of a billable feature; empty for features without a per-unit price. */
  public static Optional<PriceRange> of(Feature feature) {
    return Optional.ofNullable(PUBLISHED.get(feature));
  }

  public boolean contains(Credits price) {
    return !price.isLessThan(min) && !price.isGreaterThan(max);
  }

  public Credits clamp(Credits price) {
    return price.max(min).min(max);
  }

  @Override
  public String toString() {
    return feature.wireName() + " " + min + "–" + max + " credits per " + feature.unit();
  }
}
