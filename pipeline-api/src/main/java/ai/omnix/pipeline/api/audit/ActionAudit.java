package ai.omnix.pipeline.api.audit;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.audit.ApiKeyIds;
import ai.omnix.pipeline.store.tenant.TenantRepository.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records an action's audit event in the action's own transaction: the action and its event commit
 * together or not at all. The request gives the actor (the API key's id), the client's address and
 * user agent, and the caller's tenant. Each helper is a single call to put where an action happens
 * ({@code audit.tenantCreated(request, () -> tenants.create(…))}). Thread-safe.
 */
public final class ActionAudit {
  private static final String ACTOR = ActionAudit.class.getName() + ".actor";

  private final AuditLog log;
  private final TransactionTemplate tx;
  private final ApiKeyIds keyIds;

  public ActionAudit(AuditLog log, TransactionTemplate tx, ApiKeyIds keyIds) {
    this.log = log;
    this.tx = tx;
    this.keyIds = keyIds;
  }

  /** The API key behind the request, by id; anonymous when it has none. */
  public Actor actor(HttpServletRequest request) {
    Object cached = request.getAttribute(ACTOR);
    if (cached instanceof Actor actor) {
      return actor;
    }
    String header = request.getHeader("Authorization");
    Actor actor =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? keyIds.ofKey(header.substring(7).trim()).map(Actor::apiKey).orElse(Actor.anonymous())
            : Actor.anonymous();
    request.setAttribute(ACTOR, actor);
    return actor;
  }

  /** An event of this request: its actor, client and (when authenticated) the caller's tenant. */
  public AuditEvent.Builder event(HttpServletRequest request, AuditEventType type) {
    AuditEvent.Builder event =
        AuditEvent.of(type, actor(request))
            .client(request.getRemoteAddr(), request.getHeader("User-Agent"));
    if (request.getAttribute(ApiKeyAuthenticationFilter.PRINCIPAL) instanceof Principal p) {
      event.tenant(p.tenant().id());
    }
    return event;
  }

  /** Runs the action and records the event it yields, in one transaction. */
  public <T> T inTransaction(Supplier<T> action, Function<T, AuditEvent> event) {
    return tx.execute(
        s -> {
          T result = action.get();
          AuditEvent recorded = event.apply(result);
          if (recorded != null) {
            log.record(recorded);
          }
          return result;
        });
  }

  /**
   * Runs the action and then {@code report} (which records through the audit log, e.g. {@code
   * SecurityEvents}) in one transaction: the action rolls back if its event cannot be recorded.
   */
  public <T> T atomically(Supplier<T> action, Consumer<T> report) {
    return tx.execute(
        s -> {
          T result = action.get();
          report.accept(result);
          return result;
        });
  }

  /** Records an event on its own (a refused action, which changed nothing). */
  public void record(AuditEvent event) {
    log.record(event);
  }

  public Tenant tenantCreated(HttpServletRequest request, Supplier<Tenant> create) {
    return tenantCreated(event(request, AuditEventType.TENANT_CREATED), create);
  }

  /** For actions without a request (the bootstrap): the actor is the platform. */
  public Tenant tenantCreated(Actor actor, Supplier<Tenant> create) {
    return tenantCreated(AuditEvent.of(AuditEventType.TENANT_CREATED, actor), create);
  }

  private Tenant tenantCreated(AuditEvent.Builder event, Supplier<Tenant> create) {
    return inTransaction(
        create,
        t ->
            event
                .tenant(t.id())
                .resource("tenant", t.id().value())
                .action("create")
                .with("plan", t.plan().wireName())
                .build());
  }
}
