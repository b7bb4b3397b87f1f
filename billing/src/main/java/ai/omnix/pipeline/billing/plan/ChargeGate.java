package ai.omnix.pipeline.billing.plan;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.ledger.InsufficientCreditsException;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.billing.plan.ChargePlan;
import ai.omnix.pipeline.core.billing.plan.Entitlements;
import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries out a {@link ChargePlan}: the plan's allowance first (counted atomically), then credits
 * (reserved atomically in the ledger), else a refusal: {@code 402 insufficient_credits} with the
 * balance and the amount needed, or {@code 403 plan_does_not_include} naming a plan that does. Each
 * step decides under its own lock, so processes racing for the last included message or the last
 * credits cannot both get them. Everything is keyed by {@code key} (a job id, a chat message id):
 * repeating a charge replays it, and {@link #undo} gives back whatever it took.
 *
 * <p>Stage 2 calls this from the job store's submit hook, inside the job insert's transaction, with
 * {@code key = "job:" + id}; the chat companion calls it per message.
 */
public final class ChargeGate {
  private final AllowanceCounters allowances;
  private final CreditLedger ledger;
  private final Clock clock;

  public ChargeGate(AllowanceCounters allowances, CreditLedger ledger, Clock clock) {
    this.allowances = allowances;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** How a use was paid. */
  public sealed interface Charge {}

  /** Included without limit. */
  public record Free() implements Charge {}

  /** Counted against the allowance of the window starting at {@code windowStart}. */
  public record FromAllowance(Feature feature, Instant windowStart, long units) implements Charge {}

  /** Paid with credits held in escrow until the work settles or releases them. */
  public record FromCredits(Hold hold) implements Charge {}

  /** A refusal, with the problem's status, code and extra members for the answer. */
  public static final class ChargeRefusedException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> details;

    ChargeRefusedException(int status, String code, String message, Map<String, Object> details) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.details = Map.copyOf(details);
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }

    public Map<String, Object> details() {
      return details;
    }
  }

  /**
   * @param subscriptionStart the tenant's paid period, or null (monthly allowances then follow the
   *     calendar month)
   * @param listPrice the list price of all {@code units} together
   * @throws ChargeRefusedException when neither the allowance nor the credits suffice, or the plan
   *     does not offer it
   */
  public Charge charge(
      TenantId tenant,
      Entitlements entitlements,
      Feature feature,
      ModelTier tier,
      long units,
      Credits listPrice,
      String key,
      Instant subscriptionStart,
      Instant subscriptionEnd) {
    ChargePlan plan = ChargePlan.decide(entitlements, feature, tier, units, listPrice);
    if (plan instanceof ChargePlan.NotIncluded refused) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("feature", feature.wireName());
      details.put("plan", entitlements.plan().wireName());
      refused.upgradeTo().ifPresent(p -> details.put("included_in", p.wireName()));
      throw new ChargeRefusedException(403, "plan_does_not_include", refused.message(), details);
    }
    if (plan instanceof ChargePlan.AllowanceThenCredits allowance) {
      Instant window =
          allowance.period().windowStart(clock.instant(), subscriptionStart, subscriptionEnd);
      if (allowances.tryConsume(
          tenant, feature, window, allowance.included(), allowance.units(), key)) {
        return new FromAllowance(feature, window, allowance.units());
      }
      return credits(tenant, allowance.price(), key);
    }
    if (plan instanceof ChargePlan.CreditsOnly credits) {
      return credits(tenant, credits.price(), key);
    }
    return new Free();
  }

  private Charge credits(TenantId tenant, Credits price, String key) {
    if (price.isZero()) {
      return new Free();
    }
    try {
      return new FromCredits(ledger.reserve(tenant, key, price, key));
    } catch (InsufficientCreditsException e) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("balance", e.available().toBigDecimal());
      details.put("needed", e.needed().toBigDecimal());
      throw new ChargeRefusedException(
          402,
          "insufficient_credits",
          "This needs " + e.needed() + " credits; " + e.available() + " are available.",
          details);
    }
  }

  /** Gives back what a charge took, for work that failed or was canceled. */
  public void undo(TenantId tenant, String key) {
    allowances.giveBack(tenant, key);
    ledger.hold(tenant, key).ifPresent(hold -> ledger.release(tenant, key));
  }
}
