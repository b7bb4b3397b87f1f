package ai.omnix.pipeline.core.billing.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How often an allowance starts over. Days are UTC days. Months follow the tenant's paid
 * subscription period when it has one (Stripe's {@code invoice.paid} renews it), and the UTC
 * calendar month otherwise.
 */
public enum AllowancePeriod {
  DAY,
  MONTH;

  /**
   * The start of the window containing {@code now}.
   *
   * @param subscriptionStart start of the tenant's current paid period, or null
   * @param subscriptionEnd its end, or null
   */
  public Instant windowStart(Instant now, Instant subscriptionStart, Instant subscriptionEnd) {
    if (this == DAY) {
      return now.truncatedTo(ChronoUnit.DAYS);
    }
    if (subscriptionStart != null
        && subscriptionEnd != null
        && !now.isBefore(subscriptionStart)
        && now.isBefore(subscriptionEnd)) {
      return subscriptionStart;
    }
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
