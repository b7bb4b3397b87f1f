package ai.omnix.pipeline.core.billing.plan;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.tenant.Plan;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * How a use of a feature is to be paid, decided from the tenant's entitlements alone (a pure
 * function, tested as a table); a gate then carries it out against the allowance counters and the
 * ledger, which decide under their own locks whether the allowance or credits still suffice.
 */
public sealed interface ChargePlan {

  /** Included without limit: nothing to count, nothing to pay. */
  record Free() implements ChargePlan {}

  /** Count {@code units} against the allowance first; when it is used up, pay {@code price}. */
  record AllowanceThenCredits(
      Feature feature, long units, long included, AllowancePeriod period, Credits price)
      implements ChargePlan {}

  /** Pay {@code price} in credits. */
  record CreditsOnly(Credits price) implements ChargePlan {}

  /**
   * The plan does not offer it (403 {@code plan_does_not_include}).
   *
   * @param upgradeTo the cheapest plan that does, if any
   */
  record NotIncluded(Feature feature, ModelTier tier, Plan plan, Optional<Plan> upgradeTo)
      implements ChargePlan {
    public String message() {
      String what =
          (tier == ModelTier.PREMIUM ? "premium models for " : "")
              + feature.wireName().replace('_', ' ');
      return "The "
          + plan.wireName()
          + " plan does not include "
          + what
          + upgradeTo.map(p -> "; the " + p.wireName() + " plan does.").orElse(".");
    }
  }

  /**
   * Decides how {@code units} of a feature, listed at {@code listPrice} in total, are paid by a
   * tenant with these entitlements. The price is the list price times the tenant's price factor,
   * rounded up to a milli-credit.
   */
  static ChargePlan decide(
      Entitlements entitlements, Feature feature, ModelTier tier, long units, Credits listPrice) {
    if (units < 1) {
      throw new IllegalArgumentException("units must be at least 1");
    }
    Access access = entitlements.access(feature);
    if (!access.offered() || (tier == ModelTier.PREMIUM && !entitlements.allowsPremium(feature))) {
      return new NotIncluded(
          feature,
          tier,
          entitlements.plan(),
          PlanCatalog.cheapestPlanOffering(feature, tier)
              .filter(p -> p.schedulingRank() > entitlements.plan().schedulingRank()));
    }
    Credits price = listPrice.times(entitlements.priceFactor(feature), RoundingMode.CEILING);
    return switch (access.kind()) {
      case UNLIMITED -> new Free();
      case CREDITS -> price.isZero() ? new Free() : new CreditsOnly(price);
      case ALLOWANCE_THEN_CREDITS ->
          new AllowanceThenCredits(feature, units, access.included(), access.period(), price);
      case NOT_INCLUDED -> throw new AssertionError("handled above");
    };
  }
}
