package ai.omnix.pipeline.api.audit;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditQuery;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.core.audit.ChainVerification;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log: every tenant's (admin keys), a tenant's own, and a walk of the whole chain that
 * reports its first broken link. Newest first, cursor paging.
 */
@RestController
public class AuditController {
  private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

  private final AuditTrail trail;

  public AuditController(AuditTrail trail) {
    this.trail = trail;
  }

  @GetMapping(path = "/v1/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> all(
      HttpServletRequest request,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String success,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false, defaultValue = "50") String limit) {
    requireAdmin(request);
    if (tenant != null && !TenantId.isValid(tenant)) {
      throw ApiProblem.badRequest("invalid_query", "tenant is not a tenant id.");
    }
    return page(query(tenant, type, actor, since, until, success, cursor, limit));
  }

  @GetMapping(path = "/v1/me/audit", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> mine(
      HttpServletRequest request,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String success,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false, defaultValue = "50") String limit) {
    String tenant = ApiKeyAuthenticationFilter.principal(request).tenant().id().value();
    return page(query(tenant, type, actor, since, until, success, cursor, limit));
  }

  @GetMapping(path = "/v1/admin/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> verify(HttpServletRequest request) {
    requireAdmin(request);
    ChainVerification v = trail.verify();
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("object", "audit_verification");
    wire.put("valid", v.valid());
    wire.put("checked", v.checked());
    wire.put("head", v.headSeq() == null ? null : Map.of("seq", v.headSeq(), "hash", v.headHash()));
    wire.put(
        "broken",
        v.valid()
            ? null
            : Map.of("seq", v.brokenSeq(), "problem", v.problem(), "detail", v.detail()));
    return wire;
  }

  private static AuditQuery query(
      String tenant,
      String type,
      String actor,
      String since,
      String until,
      String success,
      String cursor,
      String limit) {
    if (type != null && !TYPE.matcher(type).matches()) {
      throw ApiProblem.badRequest(
          "invalid_query", "type is an event type such as ASSET_DELETED (upper case).");
    }
    if (actor != null && !ACTOR.matcher(actor).matches()) {
      throw ApiProblem.badRequest("invalid_query", "actor is an actor id such as an API key id.");
    }
    Boolean succeeded = null;
    if (success != null) {
      if (!success.equals("true") && !success.equals("false")) {
        throw ApiProblem.badRequest("invalid_query", "success is true or false.");
      }
      succeeded = Boolean.valueOf(success);
    }
    int size;
    try {
      size = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > AuditQuery.MAX_LIMIT) {
      throw ApiProblem.badRequest(
          "invalid_query", "limit must be an integer from 1 to " + AuditQuery.MAX_LIMIT + ".");
    }
    return new AuditQuery(
        tenant,
        type,
        actor,
        time("since", since),
        time("until", until),
        succeeded,
        cursor == null ? null : decodeCursor(cursor),
        size);
  }

  private Map<String, Object> page(AuditQuery query) {
    List<AuditRecord> found = trail.find(query.withLimit(query.limit() + 1));
    boolean more = found.size() > query.limit();
    List<AuditRecord> shown = more ? found.subList(0, query.limit()) : found;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", shown.stream().map(AuditController::wire).toList());
    body.put("has_more", more);
    body.put("next_cursor", more ? encodeCursor(shown.get(shown.size() - 1).seq()) : null);
    return body;
  }

  static Map<String, Object> wire(AuditRecord r) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("object", "audit_event");
    wire.put("seq", r.seq());
    wire.put("occurred_at", r.occurredAt().toString());
    wire.put("type", r.type());
    wire.put("tenant_id", r.tenantId());
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("type", r.actorType());
    actor.put("id", r.actorId());
    wire.put("actor", actor);
    Map<String, Object> resource = null;
    if (r.resourceType() != null) {
      resource = new LinkedHashMap<>();
      resource.put("type", r.resourceType());
      resource.put("id", r.resourceId());
    }
    wire.put("resource", resource);
    wire.put("action", r.action());
    wire.put("ip", r.ip());
    wire.put("user_agent", r.userAgent());
    wire.put("success", r.success());
    wire.put("metadata", Json.readMap(r.metadata()));
    wire.put("prev_hash", r.prevHash());
    wire.put("hash", r.hash());
    return wire;
  }

  private static Instant time(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() <= 64) {
        return OffsetDateTime.parse(value).toInstant();
      }
    } catch (DateTimeParseException e) {
      // fall through
    }
    throw ApiProblem.badRequest(
        "invalid_query", field + " must be an RFC 3339 time such as 2026-03-01T00:00:00Z.");
  }

  private static String encodeCursor(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("audit:" + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeCursor(String cursor) {
    try {
      if (cursor.length() <= 64) {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (decoded.startsWith("audit:")) {
          long seq = Long.parseLong(decoded.substring(6));
          if (seq > 0) {
            return seq;
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
  }

  static void requireAdmin(HttpServletRequest request) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may do this.");
    }
  }
}
