package ai.omnix.pipeline.core.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, to the micro-dollar: what providers charge us (often fractions of
 * a cent, such as USD 0.003 per image) and what tenants pay. Kept apart from {@link Credits}: a
 * provider's cost and a tenant's price are separate figures, related only through {@link
 * CreditPricing}.
 */
public record Usd(long micros) implements Comparable<Usd> {
  public static final int SCALE = 6;
  public static final Usd ZERO = new Usd(0);

  /**
   * @throws ArithmeticException with more than six decimal places
   */
  public static Usd of(BigDecimal amount) {
    return new Usd(
        amount.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
  }

  public static Usd parse(String amount) {
    if (amount == null || amount.length() > 40) {
      throw new NumberFormatException("not a dollar amount");
    }
    return of(new BigDecimal(amount.trim()));
  }

  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(micros, SCALE);
  }

  public Usd plus(Usd other) {
    return new Usd(Math.addExact(micros, other.micros));
  }

  public Usd times(long quantity) {
    return new Usd(Math.multiplyExact(micros, quantity));
  }

  /** Whole cents, as an invoice or Stripe shows them; exact or it throws. */
  public long centsExact() {
    return toBigDecimal().setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
  }

  public static Usd ofCents(long cents) {
    return new Usd(Math.multiplyExact(cents, 10_000L));
  }

  @Override
  public int compareTo(Usd other) {
    return Long.compare(micros, other.micros);
  }

  @Override
  public String toString() {
    return toBigDecimal().stripTrailingZeros().toPlainString();
  }
}
