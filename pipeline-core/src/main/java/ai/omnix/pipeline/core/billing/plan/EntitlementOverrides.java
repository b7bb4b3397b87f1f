package ai.omnix.pipeline.core.billing.plan;

import ai.omnix.pipeline.core.billing.Feature;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's own terms on top of its plan (Enterprise contracts; any plan may carry them): access
 * per feature, which features may use premium models, the upload limit, and a price factor per
 * feature (0.8 = 20 % off list price). Anything absent keeps the plan's default.
 */
public record EntitlementOverrides(
    Map<Feature, Access> access,
    Set<Feature> premiumModels,
    Long maxUploadBytes,
    Map<Feature, BigDecimal> priceFactors) {
  public static final EntitlementOverrides NONE =
      new EntitlementOverrides(Map.of(), null, null, Map.of());

  public EntitlementOverrides {
    access = access == null ? Map.of() : Map.copyOf(access);
    premiumModels = premiumModels == null ? null : Set.copyOf(premiumModels);
    priceFactors = priceFactors == null ? Map.of() : Map.copyOf(priceFactors);
    for (BigDecimal factor : priceFactors.values()) {
      if (factor.signum() < 0 || factor.compareTo(BigDecimal.TEN) > 0) {
        throw new IllegalArgumentException("a price factor lies between 0 and 10");
      }
    }
    if (maxUploadBytes != null && maxUploadBytes <= 0) {
      throw new IllegalArgumentException("maxUploadBytes must be positive");
    }
  }
}
