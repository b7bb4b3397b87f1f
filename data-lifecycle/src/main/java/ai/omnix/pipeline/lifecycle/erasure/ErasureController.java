package ai.omnix.pipeline.lifecycle.erasure;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The right to be forgotten.
 *
 * <ul>
 *   <li>{@code POST /v1/me/erasure} without a body: 200 with a confirmation token (valid 15
 *       minutes); again with {@code {"confirmation": "<token>"}}: 202, the erasure job starts.
 *   <li>{@code POST /v1/tenants/{id}/erasure} (admin key): 202, the erasure job starts.
 * </ul>
 *
 * <p>Both answer 409 {@code under_legal_hold} for a tenant under a legal hold, and audit {@code
 * DATA_ERASURE_REQUESTED} (refusals with {@code success: false}).
 */
@RestController
public class ErasureController {
  private final ErasureRequests requests;
  private final TenantRepository tenants;
  private final ActionAudit audit;
  private final ApiKeyAuthenticationFilter authentication;

  public ErasureController(
      ErasureRequests requests,
      TenantRepository tenants,
      ActionAudit audit,
      ApiKeyAuthenticationFilter authentication) {
    this.requests = requests;
    this.tenants = tenants;
    this.audit = audit;
    this.authentication = authentication;
  }

  /** The optional body of {@code POST /v1/me/erasure}. */
  public record ConfirmationBody(String confirmation) {}

  @PostMapping("/v1/me/erasure")
  public ResponseEntity<Map<String, Object>> eraseMe(
      HttpServletRequest request, @RequestBody(required = false) ConfirmationBody body) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    refuseAdminAndHeld(request, tenant);
    if (body == null || body.confirmation() == null) {
      ErasureRequests.Confirmation confirmation =
          requests.requestConfirmation(tenant, audit.actor(request).label());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("object", "erasure_confirmation");
      out.put("confirmation_token", confirmation.token());
      out.put("expires_at", confirmation.expiresAt().toString());
      out.put(
          "detail",
          "Erasure deletes every file, job, webhook, key and conversation of this account and cannot"
              + " be undone. To go ahead, POST /v1/me/erasure again with {\"confirmation\": \"<token>\"}"
              + " before it expires.");
      return ResponseEntity.ok(out);
    }
    if (!requests.confirm(tenant, body.confirmation())) {
      throw new ApiProblem(
          400,
          "invalid_confirmation",
          "Invalid confirmation",
          "The confirmation token is wrong or expired; POST /v1/me/erasure without a body for a new one.");
    }
    return started(request, tenant);
  }

  @PostMapping("/v1/tenants/{id}/erasure")
  public ResponseEntity<Map<String, Object>> eraseTenant(
      HttpServletRequest request, @PathVariable String id) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may erase a tenant.");
    }
    TenantId tenant;
    try {
      tenant = new TenantId(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("tenant");
    }
    if (tenants.find(tenant).isEmpty()) {
      throw ApiProblem.notFound("tenant");
    }
    refuseAdminAndHeld(request, tenant);
    return started(request, tenant);
  }

  private void refuseAdminAndHeld(HttpServletRequest request, TenantId tenant) {
    if (ErasureRequests.ADMIN.equals(tenant)) {
      throw new ApiProblem(
          409, "admin_tenant", "Not erasable", "The admin tenant cannot be erased.");
    }
    Optional<LegalHold> hold = requests.blockingHold(tenant);
    if (hold.isPresent()) {
      audit.record(
          audit
              .event(request, AuditEventType.DATA_ERASURE_REQUESTED)
              .tenant(tenant)
              .resource("tenant", tenant.value())
              .action("erase")
              .success(false)
              .with("refused", "under_legal_hold")
              .with("legal_hold_id", hold.get().id().toString())
              .build());
      throw new ApiProblem(
          409,
          "under_legal_hold",
          "Under legal hold",
          "Tenant "
              + tenant
              + " is under a legal hold: it cannot be erased until the hold is released.");
    }
  }

  private record Started(JobRecord job, java.util.List<String> revokedKeyHashes) {}

  /**
   * Revokes the tenant's keys, creates the job and audits the request in one transaction; then this
   * process's key cache forgets the keys (other API processes within their cache period).
   */
  private ResponseEntity<Map<String, Object>> started(HttpServletRequest request, TenantId tenant) {
    String actor = audit.actor(request).label();
    Started started =
        audit.inTransaction(
            () ->
                new Started(
                    requests.start(tenant, Map.of("requested_by", actor)),
                    requests.revokeKeys(tenant)),
            s ->
                audit
                    .event(request, AuditEventType.DATA_ERASURE_REQUESTED)
                    .tenant(tenant)
                    .resource("tenant", tenant.value())
                    .action("erase")
                    .with("job_id", s.job().id().toString())
                    .with("keys_revoked", s.revokedKeyHashes().size())
                    .build());
    started.revokedKeyHashes().forEach(authentication::forget);
    JobRecord job = started.job();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", "erasure");
    out.put("tenant_id", tenant.value());
    out.put("job_id", job.id().toString());
    out.put("status", job.status().name().toLowerCase(java.util.Locale.ROOT));
    out.put(
        "detail",
        "The erasure runs as job "
            + job.id()
            + " of the admin tenant; its receipt (erasure-receipt.jsonl) lists every deleted object"
            + " and the verification that none remains.");
    return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job.id())).body(out);
  }
}
