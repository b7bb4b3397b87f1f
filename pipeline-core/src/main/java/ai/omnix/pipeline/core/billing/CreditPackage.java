package ai.omnix.pipeline.core.billing;

import java.util.Arrays;
import java.util.Optional;

/**
 * The prepaid credit packages the product sells: $5, $10, $25, $50 and $100, each buying credits at
 * the sale price ({@link CreditPricing#creditsFor}): 50, 100, 250, 500 and 1,000 credits.
 */
public enum CreditPackage {
  USD_5(5),
  USD_10(10),
  USD_25(25),
  USD_50(50),
  USD_100(100);

  private final long dollars;

  CreditPackage(long dollars) {
    this.dollars = dollars;
  }

  /** The package's name on the wire and in Stripe metadata: {@code usd-5} … {@code usd-100}. */
  public String id() {
    return "usd-" + dollars;
  }

  public Usd price() {
    return Usd.ofCents(dollars * 100);
  }

  public Credits credits() {
    return CreditPricing.creditsFor(price());
  }

  public static Optional<CreditPackage> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
  }

  public static Optional<CreditPackage> byPriceCents(long cents) {
    return Arrays.stream(values()).filter(p -> p.price().centsExact() == cents).findFirst();
  }
}
