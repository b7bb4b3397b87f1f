package ai.omnix.pipeline.core.billing.plan;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.tenant.Plan;
import java.util.Map;
import java.util.Set;

/**
 * One plan as the product sells it: its price, and what each seat includes.
 *
 * @param monthlyPrice per seat for plans sold per seat, per tenant otherwise; zero for free, null
 *     for a negotiated (enterprise) price
 */
public record PlanDefaults(
    Plan plan,
    Usd monthlyPrice,
    boolean perSeat,
    Map<Feature, Access> access,
    Set<Feature> premiumModels,
    long maxUploadBytes) {
  public PlanDefaults {
    access = Map.copyOf(access);
    premiumModels = Set.copyOf(premiumModels);
  }
}
