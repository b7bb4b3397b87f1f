package ai.omnix.pipeline.billing.audit;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Map;

/**
 * The one place every money event that needs an audit entry is recorded: purchases, grants, plan
 * changes, clawbacks and their shortfalls, (stage 2) admin credit grants and reconciliation
 * repairs. It writes to the audit log ({@link AuditLogBillingAudit}: the hash-chained {@code
 * audit_events}, event types of the same names) and a structured log line ({@link
 * LoggingBillingAudit}). Called inside the transaction that made the change, so an implementation
 * writing to the database records it atomically.
 */
public interface BillingAudit {

  /** What happened, as a stable event type. */
  enum Event {
    CREDITS_PURCHASED,
    CREDITS_GRANTED,
    CREDITS_CLAWED_BACK,
    CLAWBACK_SHORTFALL,
    PLAN_CHANGED,
    SUBSCRIPTION_PERIOD_RENEWED,
    STALE_RESERVATION_RELEASED,
    RECONCILIATION_DISCREPANCY
  }

  /**
   * @param actor who did it: {@code stripe} for a webhook event, an admin's tenant for API actions,
   *     {@code system} for scheduled runs
   * @param resource what it concerns, such as a payment intent or a subscription id
   */
  void record(
      Event event, TenantId tenant, String actor, String resource, Map<String, Object> details);
}
