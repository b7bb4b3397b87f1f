package ai.omnix.pipeline.chat.billing;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.billing.plan.ChargeGate;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.chat.catalog.ChatModel;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.plan.AllowancePeriod;
import ai.omnix.pipeline.core.billing.plan.ChargePlan;
import ai.omnix.pipeline.core.billing.plan.Entitlements;
import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Charges chat messages (feature {@code text}, one message a unit): the plan's allowance first,
 * then credits through the ledger. At the start of a reply it takes an allowance unit or reserves
 * an estimate (the prompt plus {@code max_tokens} at the model's price) under the hold key {@code
 * chat:<message id>}; at the end it settles the hold at the price of the tokens actually generated
 * (a reply cut short pays for what it generated: never nothing, never the whole estimate), and
 * gives everything back for a reply that failed before generating anything. Refusals: a tier the
 * plan lacks is {@code 403 plan_does_not_include}; an allowance used up with too few credits is
 * {@code 429 quota_exceeded} with the time it resets; too few credits on a credits-only plan is
 * {@code 402 insufficient_credits}. Thread-safe.
 */
public final class ChatBilling {
  private final ChargeGate gate;
  private final CreditLedger ledger;
  private final TenantBilling tenants;
  private final Clock clock;

  public ChatBilling(ChargeGate gate, CreditLedger ledger, TenantBilling tenants, Clock clock) {
    this.gate = gate;
    this.ledger = ledger;
    this.tenants = tenants;
    this.clock = clock;
  }

  /** How one message is paid; {@link #paidFrom} is what its record says. */
  public record Charge(TenantId tenant, String key, ChargeGate.Charge how) {
    /** {@code credits} when held in the ledger, {@code allowance} otherwise. */
    public String paidFrom() {
      return how instanceof ChargeGate.FromCredits ? "credits" : "allowance";
    }
  }

  /** The hold key of a message. */
  public static String key(String messageId) {
    return "chat:" + messageId;
  }

  /**
   * Takes the allowance or reserves the estimate for a reply about to start.
   *
   * @throws ApiProblem 403, 429 or 402 as the class says
   */
  public Charge open(
      Tenant tenant, ChatModel model, String messageId, int promptTokens, int maxTokens) {
    Entitlements entitlements =
        tenants.entitlements(tenant.id()).orElseGet(() -> PlanCatalog.entitlements(tenant.plan()));
    TenantBilling.Terms terms = tenants.terms(tenant.id()).orElse(null);
    Instant start = terms == null ? null : terms.periodStart();
    Instant end = terms == null ? null : terms.periodEnd();
    ModelTier tier = model.tier() == ChatModel.Tier.PREMIUM ? ModelTier.PREMIUM : ModelTier.BASIC;
    Credits estimate = up(model.price().credits(promptTokens, maxTokens));
    String key = key(messageId);
    try {
      return new Charge(
          tenant.id(),
          key,
          gate.charge(tenant.id(), entitlements, Feature.TEXT, tier, 1, estimate, key, start, end));
    } catch (ChargeGate.ChargeRefusedException e) {
      ChargePlan plan = ChargePlan.decide(entitlements, Feature.TEXT, tier, 1, estimate);
      if (e.status() == 402 && plan instanceof ChargePlan.AllowanceThenCredits allowance) {
        Instant resetAt = windowEnd(allowance.period(), clock.instant(), start, end);
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.put("reset_at", resetAt.toString());
        details.put("included", allowance.included());
        details.put("period", allowance.period().wireName());
        throw new ApiProblem(
            429,
            "quota_exceeded",
            "Quota exceeded",
            "The "
                + entitlements.plan().wireName()
                + " plan's "
                + allowance.included()
                + " messages a "
                + allowance.period().wireName()
                + " are used up and the credits do not cover this message; the allowance resets at "
                + resetAt
                + ".",
            List.of(details));
      }
      throw new ApiProblem(
          e.status(),
          e.code(),
          e.status() == 403 ? "Not in your plan" : "Insufficient credits",
          e.getMessage(),
          List.of(e.details()));
    }
  }

  /**
   * Settles a reply that ended: at {@code credits} (the price of the tokens it generated) when it
   * generated any, else gives the charge back.
   */
  public void close(Charge charge, BigDecimal credits, boolean generatedNothing) {
    if (generatedNothing) {
      gate.undo(charge.tenant(), charge.key());
      return;
    }
    if (charge.how() instanceof ChargeGate.FromCredits held) {
      Hold hold = held.hold();
      Credits actual = up(credits);
      if (actual.compareTo(hold.amount()) > 0) {
        actual = hold.amount(); // never more than reserved: the estimate covered max_tokens
      }
      ledger.settle(charge.tenant(), charge.key(), actual);
    }
  }

  /** Gives back what a charge took: the reply never started. */
  public void undo(Charge charge) {
    gate.undo(charge.tenant(), charge.key());
  }

  static Credits up(BigDecimal credits) {
    return Credits.of(credits.setScale(Credits.SCALE, RoundingMode.CEILING));
  }

  /** When the allowance window containing {@code now} ends. */
  static Instant windowEnd(
      AllowancePeriod period, Instant now, Instant subscriptionStart, Instant subscriptionEnd) {
    Instant start = period.windowStart(now, subscriptionStart, subscriptionEnd);
    if (period == AllowancePeriod.DAY) {
      return start.plus(1, ChronoUnit.DAYS);
    }
    if (subscriptionEnd != null && start.equals(subscriptionStart)) {
      return subscriptionEnd;
    }
    return LocalDate.ofInstant(start, ZoneOffset.UTC)
        .plusMonths(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }
}
