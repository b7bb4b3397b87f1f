package ai.omnix.pipeline.testkit.audit;

import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Instant;

class InMemoryAuditLogTest extends AuditLogContract {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final InMemoryAuditLog log = new InMemoryAuditLog(clock);

  @Override
  protected AuditLog log() {
    return log;
  }

  @Override
  protected AuditTrail trail() {
    return log;
  }

  @Override
  protected SettableClock clock() {
    return clock;
  }

  @Override
  protected void tamperWithMetadata(long seq, String metadata) {
    log.tamper(
        seq,
        r ->
            new AuditRecord(
                r.seq(),
                r.occurredAt(),
                r.type(),
                r.tenantId(),
                r.actorType(),
                r.actorId(),
                r.resourceType(),
                r.resourceId(),
                r.action(),
                r.ip(),
                r.userAgent(),
                r.success(),
                metadata,
                r.prevHash(),
                r.hash()));
  }

  @Override
  protected void removeRecord(long seq) {
    log.remove(seq);
  }
}
