package ai.omnix.pipeline.billing.audit;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Map;

/**
 * Billing's audit events in the audit log (the data lifecycle's hash chain), each under the event
 * type of the same name, with the platform component as the actor ({@code stripe}, {@code
 * billing-reconciliation}); also logged. Joins the caller's transaction, so the entry commits with
 * the money movement it records.
 */
public final class AuditLogBillingAudit implements BillingAudit {
  private final AuditLog log;
  private final BillingAudit alsoTo = new LoggingBillingAudit();

  public AuditLogBillingAudit(AuditLog log) {
    this.log = log;
  }

  @Override
  public void record(
      Event event, TenantId tenant, String actor, String resource, Map<String, Object> details) {
    AuditEvent.Builder entry =
        AuditEvent.of(AuditEventType.valueOf(event.name()), Actor.system(actor))
            .tenant(tenant)
            .action(event.name().toLowerCase(java.util.Locale.ROOT));
    if (resource != null && !resource.isEmpty()) {
      entry.resource(resourceType(event), abbreviate(resource));
    }
    details.forEach(entry::with);
    log.record(entry.build());
    alsoTo.record(event, tenant, actor, resource, details);
  }

  private static String resourceType(Event event) {
    return switch (event) {
      case CREDITS_PURCHASED, CREDITS_GRANTED, CREDITS_CLAWED_BACK, CLAWBACK_SHORTFALL -> "payment";
      case PLAN_CHANGED, SUBSCRIPTION_PERIOD_RENEWED -> "subscription";
      case STALE_RESERVATION_RELEASED -> "credit_hold";
      case RECONCILIATION_DISCREPANCY -> "reconciliation";
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= AuditEvent.MAX_FIELD ? s : s.substring(0, AuditEvent.MAX_FIELD);
  }
}
