package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.retention.RetentionOverride;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionPolicy;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Retention policies: the plan defaults, a tenant's policy in force, and (admin keys) a tenant's
 * override, audited. Setting or clearing an override recomputes the deadlines of the tenant's data
 * kept by policy in the same transaction.
 */
@RestController
public class RetentionController {
  private static final Set<String> FIELDS = Set.of("asset_days", "job_days", "upload_default");

  private final RetentionPolicies policies;
  private final ActionAudit audit;

  public RetentionController(RetentionPolicies policies, ActionAudit audit) {
    this.policies = policies;
    this.audit = audit;
  }

  @GetMapping(path = "/v1/admin/retention/plans", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> plans(HttpServletRequest request) {
    Lifecycle.requireAdmin(request);
    List<Map<String, Object>> data =
        RetentionPolicy.PLAN_DEFAULTS.values().stream().map(p -> wire(null, p)).toList();
    return Map.of("object", "list", "data", data);
  }

  @GetMapping(path = "/v1/me/retention", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> mine(HttpServletRequest request) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    return wire(tenant, policies.effective(tenant));
  }

  @GetMapping(path = "/v1/tenants/{id}/retention", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
    Lifecycle.requireAdmin(request);
    TenantId tenant = Lifecycle.tenant(id);
    try {
      return wire(tenant, policies.effective(tenant));
    } catch (NoSuchElementException e) {
      throw ApiProblem.notFound("Tenant " + id);
    }
  }

  @PutMapping(
      path = "/v1/tenants/{id}/retention",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> override(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody(required = false) Map<String, Object> body) {
    Lifecycle.requireAdmin(request);
    TenantId tenant = Lifecycle.tenant(id);
    RetentionOverride override = parse(body);
    try {
      RetentionPolicy before = policies.effective(tenant);
      RetentionPolicy after =
          audit.inTransaction(
              () -> policies.override(tenant, override, audit.actor(request)),
              p -> changed(request, tenant, before, p, "override"));
      return wire(tenant, after);
    } catch (NoSuchElementException e) {
      throw ApiProblem.notFound("Tenant " + id);
    }
  }

  @DeleteMapping(path = "/v1/tenants/{id}/retention", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> clear(HttpServletRequest request, @PathVariable String id) {
    Lifecycle.requireAdmin(request);
    TenantId tenant = Lifecycle.tenant(id);
    try {
      RetentionPolicy before = policies.effective(tenant);
      return wire(
          tenant,
          audit
              .inTransaction(
                  () -> policies.clearOverride(tenant, audit.actor(request)),
                  cleared ->
                      cleared
                          .map(p -> changed(request, tenant, before, p, "clear_override"))
                          .orElse(null))
              .orElse(before));
    } catch (NoSuchElementException e) {
      throw ApiProblem.notFound("Tenant " + id);
    }
  }

  private ai.omnix.pipeline.core.audit.AuditEvent changed(
      HttpServletRequest request,
      TenantId tenant,
      RetentionPolicy before,
      RetentionPolicy after,
      String action) {
    return audit
        .event(request, AuditEventType.RETENTION_POLICY_CHANGED)
        .tenant(tenant)
        .resource("tenant", tenant.value())
        .action(action)
        .with("before", terms(before))
        .with("after", terms(after))
        .build();
  }

  private static Map<String, Object> terms(RetentionPolicy p) {
    return Map.of(
        "asset_days", p.assetDays(),
        "job_days", p.jobDays(),
        "upload_default", p.uploadDefault().wireName());
  }

  private static RetentionOverride parse(Map<String, Object> body) {
    if (body == null) {
      throw invalid("The body must be a JSON object.");
    }
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw invalid(field + " is not a retention setting (settings: " + FIELDS + ").");
      }
    }
    Integer assetDays = days(body, "asset_days");
    Integer jobDays = days(body, "job_days");
    AssetRetention.Mode upload = null;
    Object raw = body.get("upload_default");
    if (raw != null) {
      if ("temporary".equals(raw)) {
        upload = AssetRetention.Mode.TEMPORARY;
      } else if ("policy".equals(raw)) {
        upload = AssetRetention.Mode.POLICY;
      } else {
        throw invalid("upload_default must be \"temporary\" or \"policy\".");
      }
    }
    try {
      return new RetentionOverride(assetDays, jobDays, upload);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + ".");
    }
  }

  private static Integer days(Map<String, Object> body, String field) {
    Object raw = body.get(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Integer days)
        || days < RetentionPolicy.MIN_DAYS
        || days > RetentionPolicy.MAX_DAYS) {
      throw invalid(
          field
              + " must be a whole number of days from "
              + RetentionPolicy.MIN_DAYS
              + " to "
              + RetentionPolicy.MAX_DAYS
              + ".");
    }
    return days;
  }

  private static ApiProblem invalid(String detail) {
    return ApiProblem.badRequest("invalid_retention", detail);
  }

  static Map<String, Object> wire(TenantId tenant, RetentionPolicy p) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("object", "retention_policy");
    if (tenant != null) {
      wire.put("tenant_id", tenant.value());
    }
    wire.put("plan", p.plan().wireName());
    wire.put("asset_days", p.assetDays());
    wire.put("job_days", p.jobDays());
    wire.put("upload_default", p.uploadDefault().wireName());
    wire.put("temporary_hours", AssetRetention.TEMPORARY_PERIOD.toHours());
    if (tenant != null) {
      Map<String, Object> override = null;
      if (p.override() != null) {
        override = new LinkedHashMap<>();
        override.put("asset_days", p.override().assetDays());
        override.put("job_days", p.override().jobDays());
        override.put(
            "upload_default",
            p.override().uploadDefault() == null ? null : p.override().uploadDefault().wireName());
      }
      wire.put("override", override);
      wire.put("plan_default", wire(null, RetentionPolicy.PLAN_DEFAULTS.get(p.plan())));
    }
    return wire;
  }
}
