package ai.omnix.pipeline.core.billing.plan;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.tenant.Plan;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What one tenant may use, and on what terms: its plan's defaults ({@link PlanCatalog}) times its
 * seats, with its own overrides applied. Immutable.
 */
public record Entitlements(
    Plan plan,
    int seats,
    Map<Feature, Access> access,
    Set<Feature> premiumModels,
    long maxUploadBytes,
    Map<Feature, BigDecimal> priceFactors) {

  public Entitlements {
    if (seats < 1) {
      throw new IllegalArgumentException("a tenant has at least one seat");
    }
    access = Map.copyOf(access);
    premiumModels = Set.copyOf(premiumModels);
    priceFactors = Map.copyOf(priceFactors);
  }

  public Access access(Feature feature) {
    return access.getOrDefault(feature, Access.NOT_INCLUDED);
  }

  public boolean allowsPremium(Feature feature) {
    return premiumModels.contains(feature);
  }

  public BigDecimal priceFactor(Feature feature) {
    return priceFactors.getOrDefault(feature, BigDecimal.ONE);
  }

  /** A plan's defaults for {@code seats} seats with {@code overrides} on top. */
  static Entitlements of(PlanDefaults defaults, int seats, EntitlementOverrides overrides) {
    Map<Feature, Access> access = new EnumMap<>(Feature.class);
    defaults.access().forEach((feature, a) -> access.put(feature, a.timesSeats(seats)));
    access.putAll(overrides.access());
    Set<Feature> premium =
        overrides.premiumModels() != null
            ? overrides.premiumModels()
            : (defaults.premiumModels().isEmpty()
                ? EnumSet.noneOf(Feature.class)
                : EnumSet.copyOf(defaults.premiumModels()));
    return new Entitlements(
        defaults.plan(),
        seats,
        access,
        premium,
        overrides.maxUploadBytes() != null ? overrides.maxUploadBytes() : defaults.maxUploadBytes(),
        overrides.priceFactors());
  }
}
