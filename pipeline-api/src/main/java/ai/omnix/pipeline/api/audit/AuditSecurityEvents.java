package ai.omnix.pipeline.api.audit;

import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Security events into the audit log. Keys issued and revoked become {@code API_KEY_ISSUED} and
 * {@code API_KEY_REVOKED}, with the acting key (from the request being served) or the platform
 * ({@code system:bootstrap}) as actor; failed authentications go through {@link
 * FailedAuthentications}, at most one event per client address per window.
 *
 * <p>Called inside a transaction ({@link ActionAudit#atomically}), an event joins it, and a failure
 * to record it fails the transaction, so an action and its event commit together. Called outside
 * one, it records in a transaction of its own and, as {@link SecurityEvents} asks, never throws.
 */
public final class AuditSecurityEvents implements SecurityEvents {
  private static final Logger log = LoggerFactory.getLogger(AuditSecurityEvents.class);

  private final AuditLog audit;
  private final ActionAudit actions;
  private final FailedAuthentications failures;

  public AuditSecurityEvents(AuditLog audit, ActionAudit actions, FailedAuthentications failures) {
    this.audit = audit;
    this.actions = actions;
    this.failures = failures;
  }

  @Override
  public void keyIssued(TenantId tenant, UUID keyId, boolean admin, String reason) {
    record(
        event(AuditEventType.API_KEY_ISSUED, reason)
            .tenant(tenant)
            .resource("api_key", keyId.toString())
            .action("issue")
            .with("admin", admin)
            .with("reason", reason)
            .build());
  }

  @Override
  public void keyRevoked(TenantId tenant, UUID keyId, String reason) {
    record(
        event(AuditEventType.API_KEY_REVOKED, reason)
            .tenant(tenant)
            .resource("api_key", keyId.toString())
            .action("revoke")
            .with("reason", reason)
            .build());
  }

  @Override
  public void authenticationFailed(String address, String reason, String path) {
    failures.failed(
        address,
        reason,
        path,
        CurrentRequest.get().map(r -> r.getHeader("User-Agent")).orElse(null));
  }

  private AuditEvent.Builder event(AuditEventType type, String reason) {
    Optional<HttpServletRequest> request = CurrentRequest.get();
    return request.isPresent()
        ? actions.event(request.get(), type)
        : AuditEvent.of(
            type,
            Actor.system(
                reason != null && reason.startsWith("bootstrap") ? "bootstrap" : "pipeline"));
  }

  private void record(AuditEvent event) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      audit.record(event);
      return;
    }
    try {
      audit.record(event);
    } catch (RuntimeException e) {
      log.error("could not audit {} of {}", event.type(), event.resourceId(), e);
    }
  }
}
