package ai.omnix.pipeline.billing.web;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.billing.invoice.InvoiceContent;
import ai.omnix.pipeline.billing.plan.PlanChanges;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin's change of a tenant's plan (and a Team's seats): {@code PATCH /v1/tenants/{id}} with
 * {@code {"plan": "team", "seats": 3}}. Effective at once, prorated ({@link PlanChanges}), recorded
 * as {@code PLAN_CHANGED} in the audit log in the change's own transaction. Problems: {@code 403
 * admin_required}, {@code 404 not_found}, {@code 422 invalid_plan_change} (not an object, unknown
 * or missing fields), {@code 422 unknown_plan}, {@code 422 invalid_seats}.
 */
@RestController
public class TenantPlanController {
  private static final Set<String> FIELDS = Set.of("plan", "seats");

  private final PlanChanges planChanges;
  private final TenantBilling tenants;
  private final ActionAudit audit;

  public TenantPlanController(PlanChanges planChanges, TenantBilling tenants, ActionAudit audit) {
    this.planChanges = planChanges;
    this.tenants = tenants;
    this.audit = audit;
  }

  @PatchMapping(
      path = "/v1/tenants/{id}",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> change(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody(required = false) Object body) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may change a tenant's plan.");
    }
    if (!TenantId.isValid(id) || !tenants.exists(new TenantId(id))) {
      throw ApiProblem.notFound("Tenant " + (TenantId.isValid(id) ? id : ""));
    }
    TenantId tenant = new TenantId(id);
    if (!(body instanceof Map<?, ?> fields)) {
      throw invalid("invalid_plan_change", "The body must be a JSON object with plan and seats.");
    }
    for (Object field : fields.keySet()) {
      if (!FIELDS.contains(field)) {
        throw invalid(
            "invalid_plan_change", field + " is not a field of a plan change " + FIELDS + ".");
      }
    }
    TenantBilling.Terms now = tenants.terms(tenant).orElseThrow();
    Plan plan = now.plan();
    if (fields.containsKey("plan")) {
      plan =
          (fields.get("plan") instanceof String name
                  ? Plan.fromWireName(name)
                  : Optional.<Plan>empty())
              .orElseThrow(
                  () ->
                      invalid(
                          "unknown_plan", "plan is one of free, student, pro, team, enterprise."));
    } else if (!fields.containsKey("seats")) {
      throw invalid("invalid_plan_change", "Give plan, seats or both.");
    }
    boolean perSeat = PlanCatalog.defaults(plan).perSeat();
    int seats = perSeat ? now.seats() : 1;
    if (fields.containsKey("seats")) {
      Object raw = fields.get("seats");
      if (!(raw instanceof Integer n) || n < 1 || n > PlanChanges.MAX_SEATS) {
        throw invalid(
            "invalid_seats", "seats is a whole number from 1 to " + PlanChanges.MAX_SEATS + ".");
      }
      if (!perSeat && n != 1) {
        throw invalid(
            "invalid_seats",
            "Only the team plan is sold per seat; the " + plan.wireName() + " plan has one.");
      }
      seats = n;
    }
    Plan to = plan;
    int toSeats = seats;
    Optional<PlanChanges.Change> change =
        audit.inTransaction(
            () -> planChanges.change(tenant, to, toSeats, "admin"),
            done ->
                done.map(
                        c ->
                            audit
                                .event(request, AuditEventType.PLAN_CHANGED)
                                .tenant(tenant)
                                .resource("tenant", tenant.value())
                                .action("change_plan")
                                .with("from", c.fromPlan().wireName())
                                .with("from_seats", c.fromSeats())
                                .with("to", c.toPlan().wireName())
                                .with("seats", c.toSeats())
                                .with("unused_credit_cents", c.proration().unusedCreditCents())
                                .with("new_charge_cents", c.proration().newChargeCents())
                                .with("invoice_period", c.invoicePeriod())
                                .build())
                    .orElse(null));
    TenantBilling.Terms after = tenants.terms(tenant).orElseThrow();
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("tenant_id", tenant.value());
    wire.put("plan", after.plan().wireName());
    wire.put("seats", after.seats());
    wire.put("changed", change.isPresent());
    change.ifPresent(
        c -> {
          Map<String, Object> proration = new LinkedHashMap<>();
          proration.put("from_plan", c.fromPlan().wireName());
          proration.put("from_seats", c.fromSeats());
          proration.put("effective_at", c.at().toString());
          proration.put("period_start", c.periodStart().toString());
          proration.put("period_end", c.periodEnd().toString());
          proration.put(
              "unused_credit_usd",
              InvoiceContent.usd(Usd.ofCents(c.proration().unusedCreditCents())));
          proration.put(
              "new_charge_usd", InvoiceContent.usd(Usd.ofCents(c.proration().newChargeCents())));
          proration.put("net_usd", InvoiceContent.usd(Usd.ofCents(c.proration().netCents())));
          proration.put("invoice_period", c.invoicePeriod());
          wire.put("proration", proration);
        });
    return wire;
  }

  private static ApiProblem invalid(String code, String detail) {
    return new ApiProblem(422, code, "Invalid plan change", detail);
  }
}
