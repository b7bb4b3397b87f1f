package ai.omnix.pipeline.api.tenants;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.chat.CustomInstructions;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.tenant.TenantRepository.Principal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own tenant, and (admin keys only) tenant management. */
@RestController
public class TenantsController {
  private final TenantRepository tenants;
  private final SecurityEvents events;
  private final ObjectProvider<CustomInstructions> customInstructions;
  private final ActionAudit audit;
  private final LegalHolds holds;

  public TenantsController(
      TenantRepository tenants,
      SecurityEvents events,
      ObjectProvider<CustomInstructions> customInstructions,
      ActionAudit audit,
      LegalHolds holds) {
    this.tenants = tenants;
    this.events = events;
    this.customInstructions = customInstructions;
    this.audit = audit;
    this.holds = holds;
  }

  @GetMapping(path = "/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> me(HttpServletRequest request) {
    Principal principal = ApiKeyAuthenticationFilter.principal(request);
    Map<String, Object> wire = wire(principal.tenant());
    wire.put("admin", principal.admin());
    wire.put("webhook_secret", principal.tenant().webhookSecret());
    wire.put("legal_hold", holds.heldTenants().contains(principal.tenant().id()));
    // the chat companion's system prompt for this tenant (PUT /v1/me/custom-instructions)
    CustomInstructions instructions = customInstructions.getIfAvailable();
    wire.put(
        "custom_instructions",
        instructions == null ? null : instructions.find(principal.tenant().id()).orElse(null));
    return wire;
  }

  @PostMapping(
      path = "/v1/tenants",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> create(
      HttpServletRequest request, @RequestBody(required = false) Map<String, Object> body) {
    requireAdmin(request);
    if (body == null || !(body.get("id") instanceof String id) || !TenantId.isValid(id)) {
      throw new ApiProblem(
          400,
          "invalid_tenant",
          "Invalid tenant",
          "id is required: 2 to 63 lower-case letters, digits and dashes.");
    }
    Plan plan =
        body.get("plan") instanceof String p
            ? Plan.fromWireName(p)
                .orElseThrow(
                    () ->
                        new ApiProblem(
                            400,
                            "invalid_tenant",
                            "Invalid tenant",
                            "plan must be one of free, student, pro, team, enterprise."))
            : Plan.FREE;
    String name =
        body.get("name") instanceof String n && !n.isBlank() && n.length() <= 200 ? n : id;
    Tenant tenant;
    try {
      tenant = audit.tenantCreated(request, () -> tenants.create(new TenantId(id), name, plan));
    } catch (DuplicateKeyException e) {
      throw new ApiProblem(
          409, "tenant_exists", "Tenant exists", "A tenant with id " + id + " already exists.");
    }
    TenantRepository.IssuedKey key =
        audit.atomically(
            () -> tenants.issue(tenant.id(), false),
            k -> events.keyIssued(tenant.id(), k.id(), false, "tenant_created"));
    Map<String, Object> wire = wire(tenant);
    wire.put("api_key", key.key());
    wire.put("webhook_secret", tenant.webhookSecret());
    return ResponseEntity.status(201).body(wire);
  }

  @GetMapping(path = "/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list(HttpServletRequest request) {
    requireAdmin(request);
    java.util.Set<TenantId> held = holds.heldTenants();
    List<Map<String, Object>> data =
        tenants.all().stream()
            .map(
                t -> {
                  Map<String, Object> wire = wire(t);
                  wire.put("legal_hold", held.contains(t.id()));
                  return wire;
                })
            .toList();
    return Map.of("object", "list", "data", data);
  }

  private static void requireAdmin(HttpServletRequest request) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may manage tenants.");
    }
  }

  private static Map<String, Object> wire(Tenant tenant) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", tenant.id().value());
    wire.put("object", "tenant");
    wire.put("name", tenant.name());
    wire.put("plan", tenant.plan().wireName());
    wire.put("max_concurrent_jobs", tenant.plan().maxConcurrentJobs());
    wire.put("max_unfinished_jobs", tenant.plan().maxUnfinishedJobs());
    wire.put("created_at", tenant.createdAt().toString());
    return wire;
  }
}
