package ai.omnix.pipeline.core.audit;

import java.time.Instant;

/**
 * A page of the audit log, newest first. Every filter is optional (null); {@code beforeSeq} is the
 * cursor: the seq of the last record of the previous page.
 *
 * @param since inclusive
 * @param until exclusive
 */
public record AuditQuery(
    String tenantId,
    String type,
    String actorId,
    Instant since,
    Instant until,
    Boolean success,
    Long beforeSeq,
    int limit) {
  /** The largest page the API serves; a query may ask for a few more (to see if more exist). */
  public static final int MAX_LIMIT = 200;

  public AuditQuery {
    if (limit < 1 || limit > 1_000) {
      throw new IllegalArgumentException("limit must be 1 to 1000");
    }
  }

  public static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, null, null, null, limit);
  }

  public AuditQuery forTenant(String tenant) {
    return new AuditQuery(tenant, type, actorId, since, until, success, beforeSeq, limit);
  }

  public AuditQuery withLimit(int newLimit) {
    return new AuditQuery(tenantId, type, actorId, since, until, success, beforeSeq, newLimit);
  }

  public AuditQuery before(long seq) {
    return new AuditQuery(tenantId, type, actorId, since, until, success, seq, limit);
  }

  /** Whether a record passes the filters (not the cursor), for in-memory logs. */
  public boolean matches(AuditRecord r) {
    return (tenantId == null || tenantId.equals(r.tenantId()))
        && (type == null || type.equals(r.type()))
        && (actorId == null || actorId.equals(r.actorId()))
        && (since == null || !r.occurredAt().isBefore(since))
        && (until == null || r.occurredAt().isBefore(until))
        && (success == null || success == r.success())
        && (beforeSeq == null || r.seq() < beforeSeq);
  }
}
