package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Legal holds (admin keys only): place on a tenant or one of its assets, list, release. Placing and
 * releasing are audited in the same transaction. A held asset, or any asset of a held tenant,
 * cannot be deleted ({@code 409 under_legal_hold}).
 */
@RestController
public class LegalHoldsController {
  private static final String BASE = "/v1/admin/legal-holds";
  private static final Set<String> FIELDS = Set.of("tenant_id", "asset_id", "reason");
  private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final LegalHolds holds;
  private final ActionAudit audit;

  public LegalHoldsController(LegalHolds holds, ActionAudit audit) {
    this.holds = holds;
    this.audit = audit;
  }

  @PostMapping(
      path = BASE,
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> place(
      HttpServletRequest request, @RequestBody(required = false) Map<String, Object> body) {
    Lifecycle.requireAdmin(request);
    if (body == null) {
      throw invalid("The body must be a JSON object with tenant_id, reason and maybe asset_id.");
    }
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw invalid(field + " is not a field of a legal hold " + FIELDS + ".");
      }
    }
    if (!(body.get("tenant_id") instanceof String tenantId) || !TenantId.isValid(tenantId)) {
      throw invalid("tenant_id is required: the tenant to hold.");
    }
    Object rawAsset = body.get("asset_id");
    if (rawAsset != null && !(rawAsset instanceof String a && ASSET_ID.matcher(a).matches())) {
      throw invalid("asset_id must be an asset id.");
    }
    String assetId = (String) rawAsset;
    if (!(body.get("reason") instanceof String reason)
        || reason.isBlank()
        || reason.length() > LegalHold.MAX_REASON) {
      throw invalid("reason is required: 1 to " + LegalHold.MAX_REASON + " characters.");
    }
    TenantId tenant = new TenantId(tenantId);
    LegalHold hold;
    try {
      hold =
          audit.inTransaction(
              () -> holds.place(tenant, assetId, reason, audit.actor(request)),
              h ->
                  audit
                      .event(request, AuditEventType.LEGAL_HOLD_PLACED)
                      .tenant(tenant)
                      .resource("legal_hold", h.id().toString())
                      .action("place")
                      .with("scope", h.onTenant() ? "tenant" : "asset")
                      .with("asset_id", h.assetId())
                      .with("reason", h.reason())
                      .build());
    } catch (NoSuchElementException e) {
      throw ApiProblem.notFound(
          assetId == null ? "Tenant " + tenantId : "Asset " + assetId + " of tenant " + tenantId);
    }
    return ResponseEntity.created(URI.create(BASE + "/" + hold.id())).body(wire(hold));
  }

  @GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list(
      HttpServletRequest request,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false, defaultValue = "false") String active,
      @RequestParam(required = false, defaultValue = "100") String limit) {
    Lifecycle.requireAdmin(request);
    if (tenant != null && !TenantId.isValid(tenant)) {
      throw ApiProblem.badRequest("invalid_query", "tenant is not a tenant id.");
    }
    if (!active.equals("true") && !active.equals("false")) {
      throw ApiProblem.badRequest("invalid_query", "active is true or false.");
    }
    int size;
    try {
      size = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > 500) {
      throw ApiProblem.badRequest("invalid_query", "limit must be an integer from 1 to 500.");
    }
    List<Map<String, Object>> data =
        holds
            .list(tenant == null ? null : new TenantId(tenant), active.equals("true"), size)
            .stream()
            .map(LegalHoldsController::wire)
            .toList();
    return Map.of("object", "list", "data", data);
  }

  @GetMapping(path = BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
    Lifecycle.requireAdmin(request);
    return wire(holds.find(holdId(id)).orElseThrow(() -> ApiProblem.notFound("Legal hold " + id)));
  }

  @PostMapping(path = BASE + "/{id}/release", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> release(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody(required = false) Map<String, Object> body) {
    Lifecycle.requireAdmin(request);
    UUID holdId = holdId(id);
    Object rawReason = body == null ? null : body.get("reason");
    if (rawReason != null
        && !(rawReason instanceof String r && !r.isBlank() && r.length() <= LegalHold.MAX_REASON)) {
      throw invalid("reason must be 1 to " + LegalHold.MAX_REASON + " characters.");
    }
    Optional<LegalHold> before = holds.find(holdId);
    if (before.isEmpty()) {
      throw ApiProblem.notFound("Legal hold " + id);
    }
    if (!before.get().active()) {
      return wire(before.get());
    }
    LegalHold released =
        audit
            .inTransaction(
                () -> holds.release(holdId, (String) rawReason, audit.actor(request)),
                h ->
                    h.isEmpty() || h.get().releasedAt() == null
                        ? null
                        : audit
                            .event(request, AuditEventType.LEGAL_HOLD_RELEASED)
                            .tenant(h.get().tenant())
                            .resource("legal_hold", h.get().id().toString())
                            .action("release")
                            .with("scope", h.get().onTenant() ? "tenant" : "asset")
                            .with("asset_id", h.get().assetId())
                            .with("reason", h.get().releaseReason())
                            .build())
            .orElseThrow(() -> ApiProblem.notFound("Legal hold " + id));
    return wire(released);
  }

  private static UUID holdId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("Legal hold " + id);
    }
  }

  private static ApiProblem invalid(String detail) {
    return ApiProblem.badRequest("invalid_legal_hold", detail);
  }

  static Map<String, Object> wire(LegalHold h) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", h.id().toString());
    wire.put("object", "legal_hold");
    wire.put("tenant_id", h.tenant().value());
    wire.put("asset_id", h.assetId());
    wire.put("reason", h.reason());
    wire.put("active", h.active());
    wire.put("placed_at", h.placedAt().toString());
    wire.put("placed_by", h.placedBy());
    wire.put("released_at", h.releasedAt() == null ? null : h.releasedAt().toString());
    wire.put("released_by", h.releasedBy());
    wire.put("release_reason", h.releaseReason());
    return wire;
  }
}
