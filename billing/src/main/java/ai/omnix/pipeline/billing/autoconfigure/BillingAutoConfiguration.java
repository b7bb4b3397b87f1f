package ai.omnix.pipeline.billing.autoconfigure;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.billing.audit.BillingAudit;
import ai.omnix.pipeline.billing.audit.LoggingBillingAudit;
import ai.omnix.pipeline.billing.escrow.JobEscrow;
import ai.omnix.pipeline.billing.invoice.InvoiceStore;
import ai.omnix.pipeline.billing.invoice.InvoicingJobHandler;
import ai.omnix.pipeline.billing.invoice.InvoicingJobType;
import ai.omnix.pipeline.billing.ledger.JdbcCreditLedger;
import ai.omnix.pipeline.billing.plan.ChargeGate;
import ai.omnix.pipeline.billing.plan.JdbcAllowanceCounters;
import ai.omnix.pipeline.billing.plan.PlanChanges;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.billing.reconciliation.AdminOnlyJobTypes;
import ai.omnix.pipeline.billing.reconciliation.ReconciliationJobHandler;
import ai.omnix.pipeline.billing.reconciliation.ReconciliationJobType;
import ai.omnix.pipeline.billing.stripe.StripeEventApplier;
import ai.omnix.pipeline.billing.stripe.StripeEventsController;
import ai.omnix.pipeline.billing.stripe.StripeSignatures;
import ai.omnix.pipeline.billing.web.BillingController;
import ai.omnix.pipeline.billing.web.BillingReads;
import ai.omnix.pipeline.billing.web.InvoicesController;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.document.TextPdfRenderer;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credit ledger, allowances and tenants' terms in every role; the Stripe endpoint in the api
 * role.
 */
@AutoConfiguration(afterName = "ai.omnix.pipeline.store.autoconfigure.JobStoreAutoConfiguration")
@EnableConfigurationProperties(BillingProperties.class)
public class BillingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  CreditLedger creditLedger(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new JdbcCreditLedger(jdbc, tx, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  AllowanceCounters allowanceCounters(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new JdbcAllowanceCounters(jdbc, tx, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  ChargeGate chargeGate(AllowanceCounters allowances, CreditLedger ledger, Clock clock) {
    return new ChargeGate(allowances, ledger, clock);
  }

  /**
   * Escrow on every job: reserve at insert, settle or release at the end (both in the job store's
   * transactions). {@code omnix.billing.escrow.enabled=false} turns it off (benchmarks only).
   */
  @Bean
  @ConditionalOnProperty(
      name = "omnix.billing.escrow.enabled",
      havingValue = "true",
      matchIfMissing = true)
  JobEscrow jobEscrow(
      ChargeGate gate,
      CreditLedger ledger,
      AllowanceCounters allowances,
      TenantBilling tenants,
      JdbcClient jdbc,
      ObjectProvider<ai.omnix.pipeline.core.billing.plan.ModelTiers> modelTiers) {
    // generation's catalog says which models are premium; without generation no job has a tier
    return new JobEscrow(
        gate,
        ledger,
        allowances,
        tenants,
        jdbc,
        modelTiers.getIfUnique(() -> ai.omnix.pipeline.core.billing.plan.ModelTiers.NONE));
  }

  @Bean
  TenantBilling tenantBilling(JdbcClient jdbc, Clock clock) {
    return new TenantBilling(jdbc, clock);
  }

  /** Billing's money events in the audit log (hash chain) where there is one; logged always. */
  @Bean
  @ConditionalOnMissingBean
  BillingAudit billingAudit(ObjectProvider<ai.omnix.pipeline.core.audit.AuditLog> auditLog) {
    ai.omnix.pipeline.core.audit.AuditLog log = auditLog.getIfUnique();
    return log != null
        ? new ai.omnix.pipeline.billing.audit.AuditLogBillingAudit(log)
        : new LoggingBillingAudit();
  }

  @Bean
  PlanChanges planChanges(JdbcClient jdbc, TenantBilling tenants, Clock clock) {
    return new PlanChanges(jdbc, tenants, clock);
  }

  @Bean
  StripeEventApplier stripeEventApplier(
      JdbcClient jdbc,
      TransactionTemplate tx,
      CreditLedger ledger,
      TenantBilling tenants,
      BillingAudit audit,
      BillingProperties properties,
      Clock clock,
      PlanChanges planChanges) {
    Map<String, Plan> prices = new LinkedHashMap<>();
    properties
        .stripe()
        .planPrices()
        .forEach(
            (price, plan) ->
                prices.put(
                    price,
                    Plan.fromWireName(plan)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "omnix.billing.stripe.plan-prices."
                                        + price
                                        + " names no plan: "
                                        + plan))));
    return new StripeEventApplier(jdbc, tx, ledger, tenants, audit, prices, clock, planChanges);
  }

  @Bean
  JobType billingReconciliationJobType() {
    return ReconciliationJobType.TYPE;
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler billingReconciliationJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BillingProperties properties,
      Clock clock,
      CreditLedger ledger,
      BillingAudit audit) {
    return new ReconciliationJobHandler(
        runner, dataSource, properties.longestJobLifetime(), clock, ledger, audit);
  }

  @Bean
  JobType invoicingJobType() {
    return InvoicingJobType.TYPE;
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler invoicingJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BillingProperties properties,
      Clock clock,
      ObjectProvider<TextPdfRenderer> pdf) {
    return new InvoicingJobHandler(
        runner, dataSource, properties.invoiceGrace(), clock, pdf.getIfAvailable());
  }

  @Bean
  InvoiceStore invoiceStore(JdbcClient jdbc) {
    return new InvoiceStore(jdbc);
  }

  @Bean
  AdmissionPolicy adminOnlyBillingJobTypes() {
    return new AdminOnlyJobTypes(Set.of(ReconciliationJobType.NAME, InvoicingJobType.NAME));
  }

  /** The api role's part: Stripe's webhook endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "omnix.api.enabled", havingValue = "true", matchIfMissing = true)
  @Import({
    StripeEventsController.class,
    BillingController.class,
    InvoicesController.class,
    ai.omnix.pipeline.billing.web.TenantPlanController.class
  })
  static class BillingApiConfiguration {

    @Bean
    BillingReads billingReads(JdbcClient jdbc) {
      return new BillingReads(jdbc);
    }

    @Bean
    StripeSignatures stripeSignatures(BillingProperties properties, Clock clock) {
      return new StripeSignatures(
          properties.stripe().webhookSecret(), properties.stripe().tolerance(), clock);
    }
  }
}
