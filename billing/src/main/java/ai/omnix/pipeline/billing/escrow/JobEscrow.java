package ai.omnix.pipeline.billing.escrow;

import ai.omnix.pipeline.billing.plan.ChargeGate;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.billing.pricing.JobTypePricing;
import ai.omnix.pipeline.billing.reconciliation.AdminOnlyJobTypes;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.billing.plan.EntitlementOverrides;
import ai.omnix.pipeline.core.billing.plan.Entitlements;
import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.core.billing.plan.ModelTiers;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.job.hook.JobRefusedException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Escrow on every job: credits (or a plan's allowance) are taken in the transaction that inserts
 * the job, and settled or given back in the transaction that ends it.
 *
 * <p><b>Accept.</b> The job's {@code credits.estimated} is priced ({@link JobTypePricing}) and
 * charged through the {@link ChargeGate} under the hold key {@code job:<id>}: the plan's allowance
 * first where the plan has one for the feature, else credits reserved in the ledger; otherwise the
 * job is refused ({@code 402 insufficient_credits} with {@code balance} and {@code needed}, or
 * {@code 403 plan_does_not_include} with the plan that does) and its insert rolls back. The admin
 * tenant's jobs and internal job types (reconciliation, invoicing, smoke tests) are free, and so is
 * a type billing does not know (another module's operators' work). A job estimated at zero (the
 * offline generation models, which cost nothing anywhere) takes no credits, but is still refused by
 * a plan without the feature and still counts against an allowance. The model a job runs on is
 * judged by {@link ModelTiers} (generation's catalog): a premium model on a plan with basic models
 * only is refused {@code 403 plan_does_not_include} naming the plan that has it.
 *
 * <p><b>End.</b> An open hold is settled at {@link EscrowSettlement#charge} and the rest released;
 * a hold already closed is left alone (the hook runs again when a job's end is retried). A job paid
 * from the allowance that failed or was canceled without delivery gets its allowance back.
 *
 * <p>Both hooks join the job store's transaction; neither opens its own.
 */
public final class JobEscrow implements JobAcceptHook, JobEndHook {
  /** After the store's own end hooks: provider attempts are final when settlement reads them. */
  public static final int END_ORDER = 100;

  private final ChargeGate gate;
  private final CreditLedger ledger;
  private final AllowanceCounters allowances;
  private final TenantBilling tenants;
  private final JdbcClient jdbc;
  private final ModelTiers modelTiers;

  public JobEscrow(
      ChargeGate gate,
      CreditLedger ledger,
      AllowanceCounters allowances,
      TenantBilling tenants,
      JdbcClient jdbc) {
    this(gate, ledger, allowances, tenants, jdbc, ModelTiers.NONE);
  }

  /**
   * @param modelTiers which tier of model a job runs on (generation's catalog); a plan without
   *     premium models refuses a premium one at submit
   */
  public JobEscrow(
      ChargeGate gate,
      CreditLedger ledger,
      AllowanceCounters allowances,
      TenantBilling tenants,
      JdbcClient jdbc,
      ModelTiers modelTiers) {
    this.gate = gate;
    this.ledger = ledger;
    this.allowances = allowances;
    this.tenants = tenants;
    this.jdbc = jdbc;
    this.modelTiers = modelTiers;
  }

  public static String holdKey(JobId id) {
    return "job:" + id.value();
  }

  /** The feature a job is sold as, or empty when it is free (admin, internal, unknown). */
  static Optional<Feature> billable(String tenant, String type) {
    if (AdminOnlyJobTypes.ADMIN_TENANT.equals(tenant)) {
      return Optional.empty();
    }
    return JobTypePricing.feature(type).filter(f -> f != Feature.INTERNAL);
  }

  @Override
  public void jobAccepted(AcceptedJob job) {
    Optional<Feature> feature = billable(job.tenant().value(), job.type());
    if (feature.isEmpty()) {
      return;
    }
    TenantBilling.Terms terms =
        tenants
            .terms(job.tenant())
            .orElseThrow(() -> new IllegalStateException("no tenant " + job.tenant()));
    Entitlements entitlements =
        PlanCatalog.entitlements(terms.plan(), terms.seats(), EntitlementOverrides.NONE);
    long count = units(job.id(), feature.get());
    // nothing estimated: work that costs nothing anywhere (the offline generation models) is
    // free, but still only on a plan that offers the feature, and still counts against an allowance
    Credits price =
        job.creditsEstimated() <= 0
            ? Credits.ZERO
            : JobTypePricing.priceOf(feature.get(), job.creditsEstimated(), count);
    try {
      gate.charge(
          job.tenant(),
          entitlements,
          feature.get(),
          modelTiers.tierOf(job.type(), job.params()).orElse(ModelTier.BASIC),
          count,
          price,
          holdKey(job.id()),
          terms.periodStart(),
          terms.periodEnd());
    } catch (ChargeGate.ChargeRefusedException refused) {
      throw new JobRefusedException(
          refused.status(), refused.code(), refused.getMessage(), wire(refused.details()));
    }
  }

  @Override
  public void jobEnded(EndedJob job) {
    Optional<Feature> feature = billable(job.tenant().value(), job.type());
    if (feature.isEmpty()) {
      return;
    }
    String key = holdKey(job.id());
    Optional<Hold> hold = ledger.hold(job.tenant(), key);
    Long delivered = job.succeeded() ? null : delivered(job.id());
    if (hold.isEmpty()) {
      // paid from the allowance (or free): only an undelivered failure gives it back
      if (!job.succeeded() && delivered == null) {
        allowances.giveBack(job.tenant(), key);
      }
      return;
    }
    if (hold.get().status() != Hold.Status.OPEN) {
      return;
    }
    Credits charge =
        EscrowSettlement.charge(
            feature.get(),
            job.status(),
            job.creditsEstimated(),
            job.creditsActual(),
            delivered,
            units(job.id(), feature.get()),
            hold.get().amount());
    if (charge.isPositive()) {
      ledger.settle(job.tenant(), key, charge);
    } else {
      ledger.release(job.tenant(), key);
    }
  }

  @Override
  public int order() {
    return END_ORDER;
  }

  /** Units a job is sold in: the images of one image generation, one otherwise. */
  private long units(JobId id, Feature feature) {
    if (feature != Feature.IMAGE) {
      return 1;
    }
    return jdbc.sql("select params ->> 'count' from jobs where id = ?")
        .param(id.value())
        .query(String.class)
        .optional()
        .map(JobEscrow::parseCount)
        .orElse(1L);
  }

  private static long parseCount(String count) {
    try {
      return Math.max(1, Math.min(Long.parseLong(count), 100));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** What a provider delivered for the job: its billed attempt's credits, if it has one. */
  private Long delivered(JobId id) {
    return jdbc.sql("select estimated_credits from provider_attempts where job_id = ? and billed")
        .param(id.value())
        .query(Long.class)
        .optional()
        .orElse(null);
  }

  /** Amounts go on the wire as exact decimal strings. */
  private static Map<String, Object> wire(Map<String, Object> details) {
    Map<String, Object> wire = new LinkedHashMap<>();
    details.forEach((k, v) -> wire.put(k, v instanceof BigDecimal d ? d.toPlainString() : v));
    return wire;
  }
}
