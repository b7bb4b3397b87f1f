package ai.omnix.pipeline.billing.plan;

import ai.omnix.pipeline.billing.invoice.BillingPeriod;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Changes of a tenant's plan or seats and the proration of the subscription fee they cause, the one
 * code path for an admin's {@code PATCH /v1/tenants/{id}} and Stripe's {@code
 * customer.subscription.updated}. Each change is stored in {@code plan_changes} with the unused
 * part of the old fee credited and the remaining part of the new fee charged ({@link Proration});
 * the invoice of the month it falls in shows both as proration lines. Allowances follow the plan
 * from the next charge on (entitlements are read from the tenant's terms on every use; the counters
 * of the current window carry over). Joins the caller's transaction; the audit entry is the
 * caller's, written in the same transaction.
 */
public final class PlanChanges {
  public static final int MAX_SEATS = 100_000;

  /** Who changed it. */
  public enum Source {
    ADMIN,
    STRIPE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A change as stored, with its proration. */
  public record Change(
      long id,
      TenantId tenant,
      Plan fromPlan,
      int fromSeats,
      Plan toPlan,
      int toSeats,
      Instant at,
      Instant periodStart,
      Instant periodEnd,
      String invoicePeriod,
      Proration.Result proration) {}

  private final JdbcClient jdbc;
  private final TenantBilling tenants;
  private final Clock clock;

  public PlanChanges(JdbcClient jdbc, TenantBilling tenants, Clock clock) {
    this.jdbc = jdbc;
    this.tenants = tenants;
    this.clock = clock;
  }

  /**
   * An admin's change, effective now: locks the tenant, applies the plan and seats and records the
   * proration. Call inside a transaction.
   *
   * @param seats the seats to have; only a per-seat plan (Team) keeps more than one
   * @return the change, or empty when the tenant already has this plan and these seats
   * @throws java.util.NoSuchElementException when there is no such tenant
   */
  public Optional<Change> change(TenantId tenant, Plan to, int seats, String reference) {
    if (!tenants.lock(tenant)) {
      throw new java.util.NoSuchElementException("no tenant " + tenant);
    }
    TenantBilling.Terms before = tenants.terms(tenant).orElseThrow();
    int newSeats = PlanCatalog.defaults(to).perSeat() ? seats : 1;
    if (before.plan() == to && before.seats() == newSeats) {
      return Optional.empty();
    }
    tenants.setPlan(tenant, to, newSeats);
    return Optional.of(
        record(before, to, newSeats, clock.instant(), Source.ADMIN, reference).orElseThrow());
  }

  /**
   * Records the proration of a change that was just applied ({@code before} is what the tenant had
   * until then). Nothing is recorded when neither the plan nor a per-seat plan's seats changed.
   *
   * @param at when it took effect; the fee period is the tenant's paid period when {@code at} lies
   *     in it, else the calendar month (UTC) of {@code at}
   */
  public Optional<Change> record(
      TenantBilling.Terms before, Plan to, int seats, Instant at, Source source, String reference) {
    int fromSeats = Math.max(1, before.seats());
    int toSeats = Math.max(1, seats);
    boolean seatsMatter = PlanCatalog.defaults(to).perSeat();
    if (before.plan() == to && (!seatsMatter || fromSeats == toSeats)) {
      return Optional.empty();
    }
    Instant start;
    Instant end;
    if (before.periodStart() != null
        && before.periodEnd() != null
        && !at.isBefore(before.periodStart())
        && at.isBefore(before.periodEnd())) {
      start = before.periodStart();
      end = before.periodEnd();
    } else {
      BillingPeriod month = BillingPeriod.containing(at);
      start = month.start();
      end = month.end();
    }
    Proration.Result proration =
        Proration.of(before.plan(), fromSeats, to, toSeats, start, end, at);
    String invoicePeriod = BillingPeriod.containing(at).name();
    long id =
        jdbc.sql(
                """
            insert into plan_changes (tenant_id, changed_at, invoice_period, from_plan, from_seats,
              to_plan, to_seats, period_start, period_end, unused_credit_cents, new_charge_cents,
              source, reference)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
            .params(
                before.tenant().value(),
                Timestamp.from(at),
                invoicePeriod,
                before.plan().wireName(),
                fromSeats,
                to.wireName(),
                toSeats,
                Timestamp.from(start),
                Timestamp.from(end),
                proration.unusedCreditCents(),
                proration.newChargeCents(),
                source.wireName(),
                reference)
            .query(Long.class)
            .single();
    return Optional.of(
        new Change(
            id,
            before.tenant(),
            before.plan(),
            fromSeats,
            to,
            toSeats,
            at,
            start,
            end,
            invoicePeriod,
            proration));
  }
}
