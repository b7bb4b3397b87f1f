package ai.omnix.pipeline.api.tenants;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.tenant.TenantRepository.KeyInfo;
import ai.omnix.pipeline.store.tenant.TenantRepository.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's own API keys: issue a new one (shown once), list them by prefix, revoke one. Rotating
 * is issue, deploy, revoke. A key issued with an admin key is an admin key (so admins rotate their
 * own keys here); a tenant key only ever issues tenant keys. A revoked key stops working in this
 * process at once and in other API processes within their key cache.
 */
@RestController
public class ApiKeysController {
  private final TenantRepository tenants;
  private final ApiKeyAuthenticationFilter authentication;
  private final SecurityEvents events;
  private final ActionAudit audit;

  public ApiKeysController(
      TenantRepository tenants,
      ApiKeyAuthenticationFilter authentication,
      SecurityEvents events,
      ActionAudit audit) {
    this.tenants = tenants;
    this.authentication = authentication;
    this.events = events;
    this.audit = audit;
  }

  @PostMapping(path = "/v1/me/keys", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> issue(HttpServletRequest request) {
    Principal principal = ApiKeyAuthenticationFilter.principal(request);
    if (tenants.keys(principal.tenant().id()).stream().filter(k -> k.revokedAt() == null).count()
        >= 10) {
      throw new ApiProblem(
          409, "too_many_keys", "Too many keys", "Revoke a key before issuing an eleventh.");
    }
    TenantRepository.IssuedKey issued =
        audit.atomically(
            () -> tenants.issue(principal.tenant().id(), principal.admin()),
            k -> events.keyIssued(principal.tenant().id(), k.id(), principal.admin(), "api"));
    KeyInfo info =
        tenants.keys(principal.tenant().id()).stream()
            .filter(k -> k.id().equals(issued.id()))
            .findFirst()
            .orElseThrow();
    Map<String, Object> wire = wire(info);
    wire.put("api_key", issued.key());
    return ResponseEntity.status(201).body(wire);
  }

  @GetMapping(path = "/v1/me/keys", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list(HttpServletRequest request) {
    Principal principal = ApiKeyAuthenticationFilter.principal(request);
    return Map.of(
        "object",
        "list",
        "data",
        tenants.keys(principal.tenant().id()).stream().map(ApiKeysController::wire).toList());
  }

  @DeleteMapping("/v1/me/keys/{id}")
  public ResponseEntity<Void> revoke(HttpServletRequest request, @PathVariable String id) {
    Principal principal = ApiKeyAuthenticationFilter.principal(request);
    UUID keyId;
    try {
      keyId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("API key " + id);
    }
    String hash =
        audit
            .atomically(
                () -> tenants.revokeKey(principal.tenant().id(), keyId),
                revoked ->
                    revoked.ifPresent(
                        h -> events.keyRevoked(principal.tenant().id(), keyId, "api")))
            .orElseThrow(() -> ApiProblem.notFound("API key " + id));
    authentication.forget(hash);
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> wire(KeyInfo key) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", key.id().toString());
    wire.put("object", "api_key");
    wire.put("prefix", key.prefix());
    wire.put("admin", key.admin());
    wire.put("created_at", key.createdAt().toString());
    wire.put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
    return wire;
  }
}
