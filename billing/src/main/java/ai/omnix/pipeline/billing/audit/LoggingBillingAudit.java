package ai.omnix.pipeline.billing.audit;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each billing audit event as one log line on the {@code omnix.audit.billing} logger. */
public final class LoggingBillingAudit implements BillingAudit {
  private static final Logger log = LoggerFactory.getLogger("omnix.audit.billing");

  @Override
  public void record(
      Event event, TenantId tenant, String actor, String resource, Map<String, Object> details) {
    log.info(
        "audit event={} tenant={} actor={} resource={} details={}",
        event,
        tenant,
        actor,
        resource,
        details);
  }
}
