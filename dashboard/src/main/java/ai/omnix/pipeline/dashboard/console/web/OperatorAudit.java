package ai.omnix.pipeline.dashboard.console.web;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;

/** Audit events of console users: the operator as actor, the request's address and agent. */
public final class OperatorAudit {
  private final AuditLog log;

  public OperatorAudit(AuditLog log) {
    this.log = log;
  }

  public AuditEvent.Builder event(
      AuditEventType type, Authentication user, HttpServletRequest request) {
    return AuditEvent.of(type, Actor.operator(user.getName()))
        .client(request.getRemoteAddr(), request.getHeader("User-Agent"));
  }

  public void record(AuditEvent.Builder event) {
    log.record(event.build());
  }
}
