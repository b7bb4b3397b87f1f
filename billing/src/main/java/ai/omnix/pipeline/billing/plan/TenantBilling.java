package ai.omnix.pipeline.billing.plan;

import ai.omnix.pipeline.core.billing.plan.EntitlementOverrides;
import ai.omnix.pipeline.core.billing.plan.Entitlements;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tenant's commercial terms in PostgreSQL: its plan ({@code tenants.plan}), seats, the paid
 * period monthly allowances follow, its Stripe customer and subscription, and its overrides.
 * Thread-safe; joins the caller's transaction.
 */
public class TenantBilling {
  private final JdbcClient jdbc;
  private final Clock clock;

  public TenantBilling(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** What is stored for a tenant; defaults (one seat, no period) when nothing is. */
  public record Terms(
      TenantId tenant,
      Plan plan,
      int seats,
      Instant periodStart,
      Instant periodEnd,
      String subscriptionStatus,
      Instant subscriptionEventAt) {}

  public Optional<Terms> terms(TenantId tenant) {
    return jdbc.sql(
            """
        select t.id, t.plan, coalesce(b.seats, 1) as seats, b.period_start, b.period_end,
          b.subscription_status, b.subscription_event_at
        from tenants t left join tenant_billing b on b.tenant_id = t.id where t.id = ?""")
        .param(tenant.value())
        .query(
            (rs, n) ->
                new Terms(
                    tenant,
                    Plan.fromWireName(rs.getString("plan")).orElseThrow(),
                    rs.getInt("seats"),
                    instant(rs.getTimestamp("period_start")),
                    instant(rs.getTimestamp("period_end")),
                    rs.getString("subscription_status"),
                    instant(rs.getTimestamp("subscription_event_at"))))
        .optional();
  }

  /** The tenant's entitlements: its plan's defaults times its seats. */
  public Optional<Entitlements> entitlements(TenantId tenant) {
    // per-tenant overrides are stored (tenant_billing.overrides) but set only by the admin API of
    // stage 2; until then every tenant has its plan's defaults
    return terms(tenant)
        .map(t -> PlanCatalog.entitlements(t.plan(), t.seats(), EntitlementOverrides.NONE));
  }

  public boolean exists(TenantId tenant) {
    return jdbc.sql("select count(*) from tenants where id = ?")
            .param(tenant.value())
            .query(Long.class)
            .single()
        > 0;
  }

  public Optional<TenantId> byStripeCustomer(String customerId) {
    return jdbc.sql("select tenant_id from tenant_billing where stripe_customer_id = ?")
        .param(customerId)
        .query((rs, n) -> new TenantId(rs.getString(1)))
        .optional();
  }

  public Optional<TenantId> byStripeSubscription(String subscriptionId) {
    return jdbc.sql("select tenant_id from tenant_billing where stripe_subscription_id = ?")
        .param(subscriptionId)
        .query((rs, n) -> new TenantId(rs.getString(1)))
        .optional();
  }

  /** Remembers which Stripe customer (and subscription) pays for a tenant. */
  public void linkStripe(TenantId tenant, String customerId, String subscriptionId) {
    ensureRow(tenant);
    jdbc.sql(
            """
        update tenant_billing set stripe_customer_id = coalesce(?, stripe_customer_id),
          stripe_subscription_id = coalesce(?, stripe_subscription_id), updated_at = ?
        where tenant_id = ?""")
        .params(customerId, subscriptionId, ts(clock.instant()), tenant.value())
        .update();
  }

  /**
   * Applies a subscription state as of {@code eventAt}, unless a later one was applied already.
   *
   * @return whether it was applied (false: a stale event arriving late)
   */
  public boolean applySubscription(
      TenantId tenant, Plan plan, int seats, String status, Instant eventAt) {
    ensureRow(tenant);
    int updated =
        jdbc.sql(
                """
            update tenant_billing set seats = ?, subscription_status = ?, subscription_event_at = ?, updated_at = ?
            where tenant_id = ? and (subscription_event_at is null or subscription_event_at <= ?)""")
            .params(seats, status, ts(eventAt), ts(clock.instant()), tenant.value(), ts(eventAt))
            .update();
    if (updated == 0) {
      return false;
    }
    jdbc.sql("update tenants set plan = ? where id = ?")
        .params(plan.wireName(), tenant.value())
        .update();
    return true;
  }

  /**
   * Sets the plan and seats now (an admin's change). The caller holds the tenant's row lock ({@link
   * #lock}) so that two changes do not race.
   */
  public void setPlan(TenantId tenant, Plan plan, int seats) {
    ensureRow(tenant);
    jdbc.sql("update tenant_billing set seats = ?, updated_at = ? where tenant_id = ?")
        .params(seats, ts(clock.instant()), tenant.value())
        .update();
    jdbc.sql("update tenants set plan = ? where id = ?")
        .params(plan.wireName(), tenant.value())
        .update();
  }

  /**
   * Locks the tenant's row until the transaction ends (plan changes of one tenant take turns).
   *
   * @return false when there is no such tenant
   */
  public boolean lock(TenantId tenant) {
    return jdbc.sql("select id from tenants where id = ? for update")
        .param(tenant.value())
        .query(String.class)
        .optional()
        .isPresent();
  }

  /**
   * Starts a new paid period (monthly allowances start over), unless a later one is already in
   * place.
   */
  public boolean renewPeriod(TenantId tenant, Instant start, Instant end) {
    ensureRow(tenant);
    return jdbc.sql(
                """
            update tenant_billing set period_start = ?, period_end = ?, updated_at = ?
            where tenant_id = ? and (period_start is null or period_start < ?)""")
            .params(ts(start), ts(end), ts(clock.instant()), tenant.value(), ts(start))
            .update()
        > 0;
  }

  private void ensureRow(TenantId tenant) {
    jdbc.sql(
            "insert into tenant_billing (tenant_id, updated_at) values (?, ?) on conflict do nothing")
        .params(tenant.value(), ts(clock.instant()))
        .update();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
