package ai.omnix.pipeline.billing.web;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.paging.Instants;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.billing.pricing.JobTypePricing;
import ai.omnix.pipeline.billing.web.BillingReads.GroupBy;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.EntryKind;
import ai.omnix.pipeline.core.billing.ledger.LedgerConflictException;
import ai.omnix.pipeline.core.billing.ledger.LedgerEntry;
import ai.omnix.pipeline.core.billing.plan.Access;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.billing.plan.EntitlementOverrides;
import ai.omnix.pipeline.core.billing.plan.Entitlements;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's money, as its own API key sees it: {@code GET /v1/billing/balance}, {@code GET
 * /v1/billing/ledger} and {@code GET /v1/usage}; and the admin's support credit, {@code POST
 * /v1/tenants/{id}/credit-grants}, recorded in the audit trail in the grant's own transaction.
 * Every amount is an exact decimal string with three places ({@code "12.500"}); a key only ever
 * reads its own tenant.
 */
@RestController
public class BillingController {
  private static final int MAX_LIMIT = 200;
  private static final Duration MAX_USAGE_RANGE = Duration.ofDays(366);
  private static final int MAX_REASON = 500;
  private static final Set<String> GRANT_FIELDS = Set.of("amount", "reason");

  private final CreditLedger ledger;
  private final AllowanceCounters allowances;
  private final TenantBilling tenants;
  private final BillingReads reads;
  private final ActionAudit audit;
  private final Clock clock;

  public BillingController(
      CreditLedger ledger,
      AllowanceCounters allowances,
      TenantBilling tenants,
      BillingReads reads,
      ActionAudit audit,
      Clock clock) {
    this.ledger = ledger;
    this.allowances = allowances;
    this.tenants = tenants;
    this.reads = reads;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping(path = "/v1/billing/balance", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> balance(HttpServletRequest request) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    TenantBilling.Terms terms = tenants.terms(tenant).orElseThrow();
    Entitlements entitlements =
        PlanCatalog.entitlements(terms.plan(), terms.seats(), EntitlementOverrides.NONE);
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("tenant_id", tenant.value());
    wire.put("plan", terms.plan().wireName());
    wire.putAll(balanceWire(ledger.balance(tenant)));
    List<Map<String, Object>> included = new ArrayList<>();
    Instant now = clock.instant();
    for (Feature feature : Feature.values()) {
      Access access = entitlements.access(feature);
      if (access.kind() != Access.Kind.ALLOWANCE_THEN_CREDITS) {
        continue;
      }
      Instant window = access.period().windowStart(now, terms.periodStart(), terms.periodEnd());
      long used = allowances.used(tenant, feature, window);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("feature", feature.wireName());
      row.put("period", access.period().wireName());
      row.put("window_start", window.toString());
      row.put("included", access.included());
      row.put("used", used);
      row.put("remaining", Math.max(0, access.included() - used));
      included.add(row);
    }
    wire.put("allowances", included);
    return wire;
  }

  @GetMapping(path = "/v1/billing/ledger", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> ledger(
      HttpServletRequest request,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false, defaultValue = "50") String limit,
      @RequestParam(required = false) String kind,
      @RequestParam(name = "job_id", required = false) String jobId,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    int size = limit(limit);
    EntryKind entryKind = null;
    if (kind != null) {
      entryKind =
          java.util.Arrays.stream(EntryKind.values())
              .filter(k -> k.wireName().equals(kind))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiProblem.badRequest(
                          "invalid_query",
                          "kind is one of "
                              + java.util.Arrays.stream(EntryKind.values())
                                  .map(EntryKind::wireName)
                                  .toList()
                              + "."));
    }
    String holdKey = null;
    if (jobId != null) {
      holdKey =
          "job:"
              + JobId.parse(jobId)
                  .orElseThrow(
                      () -> ApiProblem.badRequest("invalid_query", "job_id is not a job id."))
                  .value();
    }
    List<BillingReads.Entry> page =
        reads.ledger(
            tenant,
            cursor == null ? null : decodeCursor(cursor),
            entryKind,
            holdKey,
            from == null ? null : Instants.parseQuery(from, "from"),
            to == null ? null : Instants.parseQuery(to, "to"),
            size + 1);
    boolean more = page.size() > size;
    List<BillingReads.Entry> shown = more ? page.subList(0, size) : page;
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("data", shown.stream().map(BillingController::entryWire).toList());
    wire.put("next_cursor", more ? encodeCursor(shown.get(shown.size() - 1).id()) : null);
    return wire;
  }

  @GetMapping(path = "/v1/usage", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> usage(
      HttpServletRequest request,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(name = "group_by", required = false, defaultValue = "job_type")
          String groupBy) {
    TenantId tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id();
    Instant now = clock.instant();
    Instant start =
        from == null
            ? LocalDate.ofInstant(now, ZoneOffset.UTC)
                .withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
            : Instants.parseQuery(from, "from");
    Instant end = to == null ? now : Instants.parseQuery(to, "to");
    if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_USAGE_RANGE) > 0) {
      throw ApiProblem.badRequest(
          "invalid_query", "from must be before to, and the range at most 366 days.");
    }
    GroupBy group;
    try {
      group = GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("invalid_query", "group_by is model, job_type or day.");
    }
    List<Map<String, Object>> data = new ArrayList<>();
    Credits total = Credits.ZERO;
    long jobs = 0;
    for (BillingReads.UsageGroup g : reads.usage(tenant, start, end, group)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(group.name().toLowerCase(Locale.ROOT), g.key().isEmpty() ? null : g.key());
      if (group == GroupBy.JOB_TYPE) {
        row.put("feature", JobTypePricing.feature(g.key()).orElse(Feature.INTERNAL).wireName());
      }
      row.put("jobs", g.jobs());
      row.put("included_in_plan", g.includedInPlan());
      row.put("credits", g.credits().toString());
      data.add(row);
      total = total.plus(g.credits());
      jobs += g.jobs();
    }
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("from", start.toString());
    wire.put("to", end.toString());
    wire.put("group_by", group.name().toLowerCase(Locale.ROOT));
    wire.put("data", data);
    wire.put("total", Map.of("jobs", jobs, "credits", total.toString()));
    return wire;
  }

  @PostMapping(
      path = "/v1/tenants/{id}/credit-grants",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> grant(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody(required = false) Map<String, Object> body) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may grant credits.");
    }
    if (!TenantId.isValid(id) || !tenants.exists(new TenantId(id))) {
      throw ApiProblem.notFound("Tenant " + (TenantId.isValid(id) ? id : ""));
    }
    TenantId tenant = new TenantId(id);
    if (body == null) {
      throw invalidGrant("The body must be a JSON object with amount and reason.");
    }
    for (String field : body.keySet()) {
      if (!GRANT_FIELDS.contains(field)) {
        throw invalidGrant(field + " is not a field of a credit grant " + GRANT_FIELDS + ".");
      }
    }
    Credits amount = amount(body.get("amount"));
    if (!(body.get("reason") instanceof String reason)
        || reason.isBlank()
        || reason.length() > MAX_REASON) {
      throw invalidGrant("reason is required: 1 to " + MAX_REASON + " characters.");
    }
    if (idempotencyKey != null
        && (idempotencyKey.isBlank()
            || idempotencyKey.length() > 200
            || !idempotencyKey.chars().allMatch(c -> c > 32 && c < 127))) {
      throw ApiProblem.badRequest(
          "invalid_idempotency_key",
          "Idempotency-Key must be 1 to 200 printable ASCII characters.");
    }
    String key = "support-grant/" + (idempotencyKey != null ? idempotencyKey : UUID.randomUUID());
    LedgerEntry entry;
    try {
      entry =
          audit.inTransaction(
              () -> ledger.grant(tenant, key, amount, reason),
              e ->
                  audit
                      .event(request, AuditEventType.CREDITS_GRANTED)
                      .tenant(tenant)
                      .resource("ledger_entry", Long.toString(e.id()))
                      .action("grant")
                      .with("amount", amount.toString())
                      .with("reason", reason)
                      .with("idempotency_key", key)
                      .build());
    } catch (LedgerConflictException e) {
      throw new ApiProblem(
          409,
          "idempotency_key_reused",
          "Idempotency key reused",
          "This Idempotency-Key was used for a different grant.");
    }
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("tenant_id", tenant.value());
    wire.put("entry", entryWire(entry));
    wire.put("balance", balanceWire(ledger.balance(tenant)));
    return ResponseEntity.status(201).body(wire);
  }

  private static Credits amount(Object raw) {
    Credits amount;
    try {
      if (raw instanceof String s) {
        amount = Credits.parse(s);
      } else if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
        amount = Credits.of(new BigDecimal(raw.toString()));
      } else {
        throw invalidGrant(
            "amount is required: a decimal string with at most three places, such as \"25.5\".");
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalidGrant("amount is a decimal with at most three places, such as \"25.5\".");
    }
    if (!amount.isPositive() || amount.isGreaterThan(Credits.of(10_000_000))) {
      throw invalidGrant("amount must be more than 0 and at most 10000000 credits.");
    }
    return amount;
  }

  private static ApiProblem invalidGrant(String detail) {
    return new ApiProblem(422, "invalid_credit_grant", "Invalid credit grant", detail);
  }

  private static Map<String, Object> balanceWire(Balance balance) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("available", balance.available().toString());
    wire.put("reserved", balance.reserved().toString());
    wire.put("currency", "credits");
    return wire;
  }

  private static Map<String, Object> entryWire(LedgerEntry e) {
    return entryWire(
        new BillingReads.Entry(
            e.id(),
            e.kind(),
            e.amount(),
            e.kind().debit().wireName(),
            e.kind().credit().wireName(),
            e.holdKey(),
            e.reference(),
            e.at()));
  }

  private static Map<String, Object> entryWire(BillingReads.Entry e) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", Long.toString(e.id()));
    wire.put("kind", e.kind().wireName());
    wire.put("amount", e.amount().toString());
    wire.put("debit_account", e.debitAccount());
    wire.put("credit_account", e.creditAccount());
    wire.put(
        "job_id",
        e.holdKey() != null && e.holdKey().startsWith("job:") ? e.holdKey().substring(4) : null);
    wire.put("reference", e.reference());
    wire.put("created_at", e.createdAt().toString());
    return wire;
  }

  private static int limit(String limit) {
    int size;
    try {
      size = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiProblem.badRequest(
          "invalid_query", "limit must be an integer from 1 to " + MAX_LIMIT + ".");
    }
    return size;
  }

  private static String encodeCursor(long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("le|" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeCursor(String cursor) {
    try {
      if (cursor.length() <= 64) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (text.startsWith("le|")) {
          return Long.parseLong(text.substring(3));
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
  }
}
