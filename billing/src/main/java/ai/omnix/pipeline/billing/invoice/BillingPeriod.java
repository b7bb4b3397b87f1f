package ai.omnix.pipeline.billing.invoice;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A calendar month in UTC, named {@code YYYY-MM}: what one invoice covers. */
public record BillingPeriod(YearMonth month) {

  public static Optional<BillingPeriod> parse(String name) {
    if (name == null || !name.matches("\\d{4}-\\d{2}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BillingPeriod(YearMonth.parse(name)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The month before the one {@code now} falls in: what a monthly run invoices. */
  public static BillingPeriod previous(Instant now) {
    return new BillingPeriod(YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(1));
  }

  /** The month {@code instant} falls in (UTC). */
  public static BillingPeriod containing(Instant instant) {
    return new BillingPeriod(YearMonth.from(instant.atZone(ZoneOffset.UTC)));
  }

  public String name() {
    return month.toString();
  }

  public Instant start() {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
