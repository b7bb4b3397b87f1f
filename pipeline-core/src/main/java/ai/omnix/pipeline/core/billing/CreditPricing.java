package ai.omnix.pipeline.core.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * How provider cost (USD) becomes a tenant's price (credits). Decided once, here:
 *
 * <ul>
 *   <li><b>One credit is sold for USD 0.10.</b> The packages $5, $10, $25, $50, $100 buy 50, 100,
 *       250, 500 and 1,000 credits; the cheapest text message (0.1 credit) is one cent.
 *   <li><b>List price = provider cost × 1.5</b> (a 50 % margin over what the provider charges us),
 *       converted at USD 0.10 per credit, rounded <em>up</em> to a tenth of a credit, then kept
 *       inside the feature's published {@link PriceRange}: a cost below the range's floor is sold
 *       at the floor.
 *   <li><b>Never below cost × 1.2.</b> Where the range's ceiling would cut the price below a 20 %
 *       margin (a model too dear for the published range), the model or duration is not sellable:
 *       {@link #violations} reports it, and a test over the real catalog fails.
 * </ul>
 *
 * Provider cost and tenant price stay separate figures everywhere (the provider's cost is kept on
 * its attempt, the tenant's price on the ledger); reconciliation compares them per provider and
 * model.
 */
public final class CreditPricing {
  public static final BigDecimal USD_PER_CREDIT = new BigDecimal("0.10");
  public static final BigDecimal TARGET_MARKUP = new BigDecimal("1.5");
  public static final BigDecimal MINIMUM_MARKUP = new BigDecimal("1.2");

  /**
   * The old catalog unit: before this decision one "credit" was USD 0.001 and catalog prices are
   * still written in it ({@code credits_per_unit} in {@code generation/models.json}).
   */
  public static final BigDecimal LEGACY_USD_PER_UNIT = new BigDecimal("0.001");

  private static final BigDecimal TENTH = new BigDecimal("0.1");

  private CreditPricing() {}

  /** Credits bought for an amount paid (a credit package). Exact or it throws. */
  public static Credits creditsFor(Usd paid) {
    return Credits.of(
        paid.toBigDecimal().divide(USD_PER_CREDIT, Credits.SCALE, RoundingMode.UNNECESSARY));
  }

  /** The USD value of credits at the sale price. */
  public static Usd usdValue(Credits credits) {
    return Usd.of(credits.toBigDecimal().multiply(USD_PER_CREDIT));
  }

  /** A provider cost written in the old catalog unit (USD 0.001). */
  public static Usd legacyCatalogCost(long legacyUnits) {
    return Usd.of(BigDecimal.valueOf(legacyUnits).multiply(LEGACY_USD_PER_UNIT));
  }

  /** The list price of one unit of a feature that costs us {@code providerCost}. */
  public static Credits listPrice(Feature feature, Usd providerCost) {
    Credits costPlus =
        Credits.of(
            providerCost
                .toBigDecimal()
                .multiply(TARGET_MARKUP)
                .divide(USD_PER_CREDIT, 1, RoundingMode.CEILING)
                .setScale(Credits.SCALE, RoundingMode.UNNECESSARY));
    return PriceRange.of(feature).map(r -> r.clamp(costPlus)).orElse(costPlus);
  }

  /** The least a unit that costs us {@code providerCost} may be sold for. */
  public static Credits floorPrice(Usd providerCost) {
    return Credits.of(
        providerCost
            .toBigDecimal()
            .multiply(MINIMUM_MARKUP)
            .divide(USD_PER_CREDIT, Credits.SCALE, RoundingMode.CEILING));
  }

  /**
   * Why a price breaks the rule: outside the feature's published range, or under cost × 1.2. Empty
   * when it keeps to it.
   */
  public static List<String> violations(Feature feature, Credits price, Usd providerCost) {
    List<String> problems = new ArrayList<>();
    PriceRange.of(feature)
        .filter(range -> !range.contains(price))
        .ifPresent(range -> problems.add(price + " credits is outside " + range));
    Credits floor = floorPrice(providerCost);
    if (price.isLessThan(floor)) {
      problems.add(
          price
              + " credits is under cost × "
              + MINIMUM_MARKUP
              + " (USD "
              + providerCost
              + " → "
              + floor
              + " credits)");
    }
    return problems;
  }

  /** Rounds a price up to a tenth of a credit, as published prices are written. */
  public static Credits roundUpToTenth(Credits price) {
    return Credits.of(price.toBigDecimal().divide(TENTH, 0, RoundingMode.CEILING).multiply(TENTH));
  }
}
