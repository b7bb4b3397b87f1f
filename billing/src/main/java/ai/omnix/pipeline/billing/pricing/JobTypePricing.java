package ai.omnix.pipeline.billing.pricing;

import ai.omnix.pipeline.core.billing.CreditPricing;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import java.util.Map;
import java.util.Optional;

/**
 * Which published feature each job type is sold as, and how today's job-type estimates (still in
 * the old unit of USD 0.001, see {@link CreditPricing#LEGACY_USD_PER_UNIT}) convert to a price in
 * credits. Stage 2 moves the feature onto the job type itself and the converted prices into the job
 * types and the model catalog; until then this table is the rule a test holds every registered job
 * type to (a type missing here fails it).
 */
public final class JobTypePricing {
  private static final Map<String, Feature> FEATURES =
      Map.ofEntries(
          Map.entry("generate-image", Feature.IMAGE),
          Map.entry("generate-video", Feature.VIDEO),
          Map.entry("probe", Feature.FILE_PROCESSING),
          Map.entry("transcode", Feature.FILE_PROCESSING),
          Map.entry("thumbnail", Feature.FILE_PROCESSING),
          Map.entry("storyboard", Feature.FILE_PROCESSING),
          Map.entry("hls", Feature.FILE_PROCESSING),
          Map.entry("extract", Feature.FILE_PROCESSING),
          Map.entry("ocr", Feature.FILE_PROCESSING),
          Map.entry("document-thumbnail", Feature.FILE_PROCESSING),
          Map.entry("noop", Feature.INTERNAL),
          Map.entry("noop-heavy", Feature.INTERNAL),
          Map.entry("verify-asset", Feature.INTERNAL),
          Map.entry("billing-reconciliation", Feature.INTERNAL),
          Map.entry("invoicing", Feature.INTERNAL),
          // the data lifecycle's runs: compliance work the platform owes, never billed
          Map.entry("retention-enforcement", Feature.INTERNAL),
          Map.entry("tenant-erasure", Feature.INTERNAL),
          Map.entry("tenant-export", Feature.INTERNAL),
          Map.entry("asset-deletion", Feature.INTERNAL));

  private JobTypePricing() {}

  public static Optional<Feature> feature(String jobType) {
    return Optional.ofNullable(FEATURES.get(jobType));
  }

  /**
   * The price in credits of one job whose estimate is written in the old unit: what it costs us
   * (the old unit was USD), sold at the list price of its feature. Internal work costs nothing.
   */
  public static Credits priceOfLegacyEstimate(Feature feature, long legacyUnits) {
    if (feature == Feature.INTERNAL) {
      return Credits.ZERO;
    }
    return CreditPricing.listPrice(feature, CreditPricing.legacyCatalogCost(legacyUnits));
  }

  /**
   * The price in credits of a job of {@code count} units (images of one generation) whose estimate
   * for all of them together is {@code legacyUnits}: each unit is priced on its share (rounded up)
   * and kept inside the feature's published range per unit, then multiplied by the count. A count
   * of one is {@link #priceOfLegacyEstimate}. Monotonic in {@code legacyUnits}, so the price of
   * what a job used never exceeds the price of its estimate when the use does not.
   */
  public static Credits priceOf(Feature feature, long legacyUnits, long count) {
    if (count <= 1) {
      return priceOfLegacyEstimate(feature, legacyUnits);
    }
    return priceOfLegacyEstimate(feature, -Math.floorDiv(-legacyUnits, count)).times(count);
  }
}
