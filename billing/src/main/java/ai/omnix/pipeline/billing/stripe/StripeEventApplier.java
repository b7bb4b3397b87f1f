package ai.omnix.pipeline.billing.stripe;

import ai.omnix.pipeline.billing.audit.BillingAudit;
import ai.omnix.pipeline.billing.plan.PlanChanges;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.core.billing.CreditPackage;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Clawback;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies verified Stripe events, each exactly once: the event id is inserted into {@code
 * stripe_events} in the same transaction as everything the event changes (ledger entries, plan,
 * period), so a replay finds it and changes nothing, and two deliveries racing wait for each other.
 *
 * <p>How Stripe objects map to tenants (the front end sets these when it creates the Checkout
 * Session):
 *
 * <ul>
 *   <li>{@code client_reference_id} of the Checkout Session is the tenant id; the session's {@code
 *       customer} and {@code subscription} are then remembered for that tenant. A subscription (or
 *       its {@code metadata.omnix_tenant}) and a customer lead back to the tenant in later events.
 *   <li>A credit package is bought with a Checkout Session in {@code payment} mode whose {@code
 *       metadata.omnix_package} names it ({@code usd-5} … {@code usd-100}) and whose {@code
 *       amount_total} in {@code usd} is its price; the credits are granted once per payment intent.
 *   <li>A plan is the subscription's first item's price: its {@code lookup_key} ({@code
 *       omnix_student}, {@code omnix_pro}, {@code omnix_team}) or its id mapped in {@code
 *       omnix.billing.stripe.plan-prices}; its {@code quantity} is the number of seats.
 * </ul>
 *
 * <p>Out of order: subscription events older than the last one applied are ignored ({@code stale});
 * a paid period only moves forward; a refund reported before its purchase waits and is applied when
 * the purchase arrives; refunds are cumulative ({@code amount_refunded}), so a late smaller one
 * takes nothing more.
 */
public class StripeEventApplier {
  private static final Logger log = LoggerFactory.getLogger(StripeEventApplier.class);
  private static final Set<String> LIVE_STATUSES = Set.of("active", "trialing", "past_due");

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final CreditLedger ledger;
  private final TenantBilling tenants;
  private final BillingAudit audit;
  private final Map<String, Plan> planPrices;
  private final Clock clock;
  private final PlanChanges planChanges;

  public StripeEventApplier(
      JdbcClient jdbc,
      TransactionTemplate tx,
      CreditLedger ledger,
      TenantBilling tenants,
      BillingAudit audit,
      Map<String, Plan> planPrices,
      Clock clock) {
    this(
        jdbc, tx, ledger, tenants, audit, planPrices, clock, new PlanChanges(jdbc, tenants, clock));
  }

  /**
   * @param planChanges where a subscription's change of plan or seats is prorated: the same path as
   *     an admin's plan change
   */
  public StripeEventApplier(
      JdbcClient jdbc,
      TransactionTemplate tx,
      CreditLedger ledger,
      TenantBilling tenants,
      BillingAudit audit,
      Map<String, Plan> planPrices,
      Clock clock,
      PlanChanges planChanges) {
    this.planChanges = planChanges;
    this.jdbc = jdbc;
    this.tx = tx;
    this.ledger = ledger;
    this.tenants = tenants;
    this.audit = audit;
    this.planPrices = Map.copyOf(planPrices);
    this.clock = clock;
  }

  /** What applying an event did. */
  public record Outcome(
      String eventId, String outcome, String tenant, String detail, boolean duplicate) {}

  private record Applied(String outcome, TenantId tenant, String detail) {
    static Applied of(String outcome, TenantId tenant, String detail) {
      return new Applied(outcome, tenant, detail);
    }
  }

  public Outcome apply(StripeEvent event) {
    return tx.execute(
        status -> {
          int inserted =
              jdbc.sql(
                      """
                  insert into stripe_events (event_id, type, created_at, received_at, outcome)
                  values (?, ?, ?, ?, 'received') on conflict (event_id) do nothing""")
                  .params(
                      event.id(),
                      event.type(),
                      Timestamp.from(event.created()),
                      Timestamp.from(clock.instant()))
                  .update();
          if (inserted == 0) {
            Map<String, Object> previous =
                jdbc.sql("select outcome, tenant_id, detail from stripe_events where event_id = ?")
                    .param(event.id())
                    .query()
                    .singleRow();
            return new Outcome(
                event.id(),
                (String) previous.get("outcome"),
                (String) previous.get("tenant_id"),
                (String) previous.get("detail"),
                true);
          }
          Applied applied = dispatch(event);
          jdbc.sql(
                  "update stripe_events set outcome = ?, tenant_id = ?, detail = ? where event_id = ?")
              .params(
                  applied.outcome(),
                  applied.tenant() == null ? null : applied.tenant().value(),
                  applied.detail(),
                  event.id())
              .update();
          log.info(
              "stripe event {} {}: {}{}",
              event.id(),
              event.type(),
              applied.outcome(),
              applied.detail() == null ? "" : " (" + applied.detail() + ")");
          return new Outcome(
              event.id(),
              applied.outcome(),
              applied.tenant() == null ? null : applied.tenant().value(),
              applied.detail(),
              false);
        });
  }

  private Applied dispatch(StripeEvent event) {
    return switch (event.type()) {
      case "checkout.session.completed" -> checkoutCompleted(event);
      case "invoice.paid" -> invoicePaid(event);
      case "customer.subscription.created", "customer.subscription.updated" ->
          subscriptionChanged(event, false);
      case "customer.subscription.deleted" -> subscriptionChanged(event, true);
      case "charge.refunded" -> chargeRefunded(event);
      default -> Applied.of("ignored", null, "event type not used");
    };
  }

  private Applied checkoutCompleted(StripeEvent event) {
    String reference = event.text("client_reference_id");
    if (reference == null || !TenantId.isValid(reference)) {
      return Applied.of("unmapped", null, "no client_reference_id naming a tenant");
    }
    TenantId tenant = new TenantId(reference);
    if (!tenants.exists(tenant)) {
      return Applied.of("unmapped", null, "client_reference_id names no tenant: " + reference);
    }
    tenants.linkStripe(tenant, event.text("customer"), event.text("subscription"));
    if (!"payment".equals(event.text("mode"))) {
      return Applied.of("applied", tenant, "customer linked");
    }
    if (!"paid".equals(event.text("payment_status"))) {
      return Applied.of("ignored", tenant, "payment_status " + event.text("payment_status"));
    }
    Optional<CreditPackage> bought =
        Optional.ofNullable(event.text("metadata", "omnix_package")).flatMap(CreditPackage::byId);
    Long amount = event.number("amount_total");
    String paymentIntent = event.text("payment_intent");
    if (bought.isEmpty()
        || amount == null
        || paymentIntent == null
        || !"usd".equals(lower(event.text("currency")))
        || bought.get().price().centsExact() != amount) {
      return Applied.of(
          "unmapped",
          tenant,
          "not a credit package: metadata.omnix_package, amount_total in usd and payment_intent must match one");
    }
    Credits credits = bought.get().credits();
    ledger.purchase(tenant, "stripe:" + paymentIntent, credits, paymentIntent);
    jdbc.sql(
            """
        insert into stripe_payments (payment_intent, tenant_id, amount_cents, credits_millis, created_at)
        values (?, ?, ?, ?, ?) on conflict do nothing""")
        .params(
            paymentIntent,
            tenant.value(),
            amount,
            credits.millis(),
            Timestamp.from(clock.instant()))
        .update();
    audit.record(
        BillingAudit.Event.CREDITS_PURCHASED,
        tenant,
        "stripe",
        paymentIntent,
        Map.of("package", bought.get().id(), "credits", credits.toString()));
    String detail = credits + " credits for " + bought.get().id();
    Long pendingRefund =
        jdbc.sql(
                "delete from stripe_pending_refunds where payment_intent = ? returning amount_refunded_cents")
            .param(paymentIntent)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (pendingRefund != null) {
      detail += "; " + refund(tenant, paymentIntent, pendingRefund);
    }
    return Applied.of("applied", tenant, detail);
  }

  private Applied invoicePaid(StripeEvent event) {
    String subscription =
        Optional.ofNullable(event.text("subscription"))
            .orElse(event.text("parent", "subscription_details", "subscription"));
    Optional<TenantId> tenant =
        Optional.ofNullable(subscription)
            .flatMap(tenants::byStripeSubscription)
            .or(
                () ->
                    Optional.ofNullable(event.text("customer")).flatMap(tenants::byStripeCustomer));
    Long start = event.number("lines", "data", "0", "period", "start");
    Long end = event.number("lines", "data", "0", "period", "end");
    if (tenant.isEmpty()) {
      return Applied.of("unmapped", null, "no tenant for subscription " + subscription);
    }
    if (start == null || end == null || end <= start) {
      return Applied.of("ignored", tenant.get(), "no subscription period on the invoice");
    }
    Instant from = Instant.ofEpochSecond(start);
    Instant to = Instant.ofEpochSecond(end);
    if (!tenants.renewPeriod(tenant.get(), from, to)) {
      return Applied.of("stale", tenant.get(), "a later period is already paid");
    }
    audit.record(
        BillingAudit.Event.SUBSCRIPTION_PERIOD_RENEWED,
        tenant.get(),
        "stripe",
        subscription,
        Map.of("period_start", from.toString(), "period_end", to.toString()));
    return Applied.of("applied", tenant.get(), "allowances renewed for " + from + " – " + to);
  }

  private Applied subscriptionChanged(StripeEvent event, boolean deleted) {
    String subscription = event.text("id");
    Optional<TenantId> tenant =
        Optional.ofNullable(event.text("metadata", "omnix_tenant"))
            .filter(TenantId::isValid)
            .map(TenantId::new)
            .filter(tenants::exists)
            .or(() -> Optional.ofNullable(subscription).flatMap(tenants::byStripeSubscription))
            .or(
                () ->
                    Optional.ofNullable(event.text("customer")).flatMap(tenants::byStripeCustomer));
    if (tenant.isEmpty()) {
      return Applied.of("unmapped", null, "no tenant for subscription " + subscription);
    }
    String status = deleted ? "canceled" : lower(event.text("status"));
    Plan plan = Plan.FREE;
    int seats = 1;
    if (!deleted && LIVE_STATUSES.contains(status)) {
      Optional<Plan> priced =
          Optional.ofNullable(event.text("items", "data", "0", "price", "lookup_key"))
              .map(planPrices::get)
              .or(
                  () ->
                      Optional.ofNullable(event.text("items", "data", "0", "price", "id"))
                          .map(planPrices::get));
      if (priced.isEmpty()) {
        return Applied.of("unmapped", tenant.get(), "the subscription's price maps to no plan");
      }
      plan = priced.get();
      Long quantity = event.number("items", "data", "0", "quantity");
      seats = (int) Math.max(1, Math.min(quantity == null ? 1 : quantity, 100_000));
    }
    tenants.lock(tenant.get());
    TenantBilling.Terms beforeTerms = tenants.terms(tenant.get()).orElse(null);
    Plan before = beforeTerms == null ? null : beforeTerms.plan();
    tenants.linkStripe(tenant.get(), event.text("customer"), subscription);
    if (!tenants.applySubscription(tenant.get(), plan, seats, status, event.created())) {
      return Applied.of("stale", tenant.get(), "a later subscription event was applied");
    }
    // the same proration as an admin's change, effective when Stripe changed the subscription
    Optional<PlanChanges.Change> change =
        beforeTerms == null
            ? Optional.empty()
            : planChanges.record(
                beforeTerms, plan, seats, event.created(), PlanChanges.Source.STRIPE, subscription);
    if (before != plan || change.isPresent()) {
      Map<String, Object> details = new java.util.LinkedHashMap<>();
      details.put("from", before == null ? "none" : before.wireName());
      details.put("to", plan.wireName());
      details.put("seats", seats);
      details.put("status", String.valueOf(status));
      change.ifPresent(
          c -> {
            details.put("from_seats", c.fromSeats());
            details.put("unused_credit_cents", c.proration().unusedCreditCents());
            details.put("new_charge_cents", c.proration().newChargeCents());
            details.put("invoice_period", c.invoicePeriod());
          });
      audit.record(BillingAudit.Event.PLAN_CHANGED, tenant.get(), "stripe", subscription, details);
    }
    return Applied.of(
        "applied", tenant.get(), plan.wireName() + " × " + seats + " (" + status + ")");
  }

  private Applied chargeRefunded(StripeEvent event) {
    String paymentIntent = event.text("payment_intent");
    Long refunded = event.number("amount_refunded");
    if (paymentIntent == null || refunded == null || refunded <= 0) {
      return Applied.of("ignored", null, "no payment_intent or amount_refunded");
    }
    Optional<TenantId> tenant =
        jdbc.sql("select tenant_id from stripe_payments where payment_intent = ? for update")
            .param(paymentIntent)
            .query((rs, n) -> new TenantId(rs.getString(1)))
            .optional();
    if (tenant.isEmpty()) {
      jdbc.sql(
              """
          insert into stripe_pending_refunds (payment_intent, amount_refunded_cents, received_at) values (?, ?, ?)
          on conflict (payment_intent) do update
            set amount_refunded_cents = greatest(stripe_pending_refunds.amount_refunded_cents, excluded.amount_refunded_cents)""")
          .params(paymentIntent, refunded, Timestamp.from(clock.instant()))
          .update();
      return Applied.of(
          "deferred", null, "no purchase for " + paymentIntent + " yet: applied when it arrives");
    }
    return Applied.of("applied", tenant.get(), refund(tenant.get(), paymentIntent, refunded));
  }

  /**
   * Claws back the credits of the refunded share of a purchase that were not clawed back yet; never
   * more than the tenant still has (the rest is the shortfall, reported).
   */
  private String refund(TenantId tenant, String paymentIntent, long refundedCents) {
    Map<String, Object> payment =
        jdbc.sql(
                """
            select amount_cents, credits_millis, refunded_cents, clawed_millis, shortfall_millis
            from stripe_payments where payment_intent = ? for update""")
            .param(paymentIntent)
            .query()
            .singleRow();
    long amount = ((Number) payment.get("amount_cents")).longValue();
    long credits = ((Number) payment.get("credits_millis")).longValue();
    long done =
        ((Number) payment.get("clawed_millis")).longValue()
            + ((Number) payment.get("shortfall_millis")).longValue();
    long refundedNow = Math.min(refundedCents, amount);
    long target =
        java.math.BigInteger.valueOf(credits)
            .multiply(java.math.BigInteger.valueOf(refundedNow))
            .divide(java.math.BigInteger.valueOf(amount))
            .longValueExact();
    if (target <= done) {
      return "refund of " + refundedNow + " cents already clawed back";
    }
    Clawback clawback =
        ledger.clawback(
            tenant,
            "stripe-refund:" + paymentIntent + ":" + refundedNow,
            Credits.ofMillis(target - done),
            "refund of " + paymentIntent);
    jdbc.sql(
            """
        update stripe_payments set refunded_cents = greatest(refunded_cents, ?),
          clawed_millis = clawed_millis + ?, shortfall_millis = shortfall_millis + ?
        where payment_intent = ?""")
        .params(
            refundedNow,
            clawback.clawedBack().millis(),
            clawback.shortfall().millis(),
            paymentIntent)
        .update();
    audit.record(
        BillingAudit.Event.CREDITS_CLAWED_BACK,
        tenant,
        "stripe",
        paymentIntent,
        Map.of(
            "requested", clawback.requested().toString(),
            "clawed_back", clawback.clawedBack().toString()));
    String detail = clawback.clawedBack() + " of " + clawback.requested() + " credits clawed back";
    if (clawback.shortfall().isPositive()) {
      audit.record(
          BillingAudit.Event.CLAWBACK_SHORTFALL,
          tenant,
          "stripe",
          paymentIntent,
          Map.of("shortfall", clawback.shortfall().toString()));
      log.warn(
          "refund of {} for tenant {}: {} credits were already spent and could not be clawed back",
          paymentIntent,
          tenant,
          clawback.shortfall());
      detail += "; shortfall " + clawback.shortfall() + " (already spent)";
    }
    return detail;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
