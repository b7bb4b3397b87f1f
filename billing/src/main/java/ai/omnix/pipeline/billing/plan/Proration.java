package ai.omnix.pipeline.billing.plan;

import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.billing.plan.PlanDefaults;
import ai.omnix.pipeline.core.tenant.Plan;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * The proration of the subscription fee when a plan (or a Team's seats) changes inside a fee
 * period: a pure function, tested as a table.
 *
 * <p>The fraction of the period left is {@code (end − at) / (end − start)}, both in whole seconds,
 * kept as an exact ratio. The unused part of the old fee credited is {@code oldFee × left / length}
 * and the remaining part of the new fee charged is {@code newFee × left / length}, each computed
 * exactly in micro-dollars and then rounded <b>half-up to the cent</b> on its own (an invoice shows
 * cents, and each line is what it says). A fee is the plan's monthly price times its seats (Team)
 * or once (the others); Free and Enterprise (negotiated, invoiced apart) have no list fee here, so
 * a change to or from them prorates only the other side. Never negative; at most the whole fee.
 */
public final class Proration {
  private Proration() {}

  public record Result(long unusedCreditCents, long newChargeCents) {
    /** What the change costs the tenant now (negative: it is owed money). */
    public long netCents() {
      return newChargeCents - unusedCreditCents;
    }
  }

  /** The monthly fee of a plan with {@code seats}: per seat for Team, once otherwise; 0 without. */
  public static Usd monthlyFee(Plan plan, int seats) {
    PlanDefaults defaults = PlanCatalog.defaults(plan);
    if (defaults.monthlyPrice() == null) {
      return Usd.ZERO; // enterprise: negotiated per contract, not prorated here
    }
    return defaults.perSeat()
        ? defaults.monthlyPrice().times(Math.max(1, seats))
        : defaults.monthlyPrice();
  }

  /**
   * @param at when the change takes effect; inside {@code [start, end]}
   * @throws IllegalArgumentException when the period is empty or {@code at} lies outside it
   */
  public static Result of(
      Plan from, int fromSeats, Plan to, int toSeats, Instant start, Instant end, Instant at) {
    long length = Duration.between(start, end).toSeconds();
    long left = Duration.between(at, end).toSeconds();
    if (length <= 0 || at.isBefore(start) || at.isAfter(end)) {
      throw new IllegalArgumentException(
          "a change at " + at + " is outside the period " + start + " – " + end);
    }
    return new Result(
        share(monthlyFee(from, fromSeats), left, length),
        share(monthlyFee(to, toSeats), left, length));
  }

  /** {@code fee × left / length}, rounded half-up to the cent. */
  static long share(Usd fee, long left, long length) {
    BigInteger micros = BigInteger.valueOf(fee.micros()).multiply(BigInteger.valueOf(left));
    // micro-dollars → cents: divide by 10,000 as well as by the length, rounding once
    return new BigDecimal(micros)
        .divide(
            new BigDecimal(BigInteger.valueOf(length).multiply(BigInteger.valueOf(10_000))),
            0,
            RoundingMode.HALF_UP)
        .longValueExact();
  }
}
