package ai.omnix.pipeline.core.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of OmniX credits. One credit is sold for USD 0.10 (see {@link CreditPricing});
 * credits are fractional down to a thousandth (a "milli-credit"), which is how they are stored
 * ({@code bigint} milli-credits in PostgreSQL) and computed (a {@code long}). On the wire and on
 * invoices they are decimals with exactly three places ({@link #toBigDecimal()}), never floating
 * point.
 *
 * <p>Nothing here rounds silently: parsing a value with more than three decimal places, or an
 * arithmetic result outside {@code long}, throws; the only rounding is {@link #times(BigDecimal,
 * RoundingMode)}, where the caller names the rounding mode. Amounts may be negative (a difference);
 * the ledger refuses negative movements itself.
 */
public final class Credits implements Comparable<Credits> {
  /** Decimal places of a credit amount: milli-credits. */
  public static final int SCALE = 3;

  public static final Credits ZERO = new Credits(0);

  private static final long MILLIS_PER_CREDIT = 1_000;

  private final long millis;

  private Credits(long millis) {
    this.millis = millis;
  }

  public static Credits ofMillis(long millis) {
    return millis == 0 ? ZERO : new Credits(millis);
  }

  public static Credits of(long wholeCredits) {
    return ofMillis(Math.multiplyExact(wholeCredits, MILLIS_PER_CREDIT));
  }

  /**
   * @throws ArithmeticException if {@code amount} has more than three decimal places or does not
   *     fit
   */
  public static Credits of(BigDecimal amount) {
    return ofMillis(
        amount.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
  }

  /**
   * Parses a decimal such as {@code "0.1"} or {@code "12.345"}.
   *
   * @throws NumberFormatException if it is not a decimal number
   * @throws ArithmeticException if it has more than three decimal places or does not fit
   */
  public static Credits parse(String amount) {
    if (amount == null || amount.length() > 40) {
      throw new NumberFormatException("not a credit amount");
    }
    return of(new BigDecimal(amount.trim()));
  }

  public long millis() {
    return millis;
  }

  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(millis, SCALE);
  }

  public Credits plus(Credits other) {
    return ofMillis(Math.addExact(millis, other.millis));
  }

  public Credits minus(Credits other) {
    return ofMillis(Math.subtractExact(millis, other.millis));
  }

  public Credits times(long quantity) {
    return ofMillis(Math.multiplyExact(millis, quantity));
  }

  /** Multiplies by a decimal factor, rounding to milli-credits as the caller says. */
  public Credits times(BigDecimal factor, RoundingMode rounding) {
    return of(toBigDecimal().multiply(factor).setScale(SCALE, rounding));
  }

  public Credits negate() {
    return ofMillis(Math.negateExact(millis));
  }

  public Credits min(Credits other) {
    return millis <= other.millis ? this : other;
  }

  public Credits max(Credits other) {
    return millis >= other.millis ? this : other;
  }

  public boolean isZero() {
    return millis == 0;
  }

  public boolean isNegative() {
    return millis < 0;
  }

  public boolean isPositive() {
    return millis > 0;
  }

  public boolean isLessThan(Credits other) {
    return millis < other.millis;
  }

  public boolean isGreaterThan(Credits other) {
    return millis > other.millis;
  }

  @Override
  public int compareTo(Credits other) {
    return Long.compare(millis, other.millis);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credits other && other.millis == millis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(millis);
  }

  /** The plain decimal with three places, such as {@code 0.100}: what JSON and invoices show. */
  @Override
  public String toString() {
    return toBigDecimal().toPlainString();
  }
}
