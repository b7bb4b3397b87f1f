package ai.omnix.pipeline.testkit.audit;

import ai.omnix.pipeline.core.audit.AuditChain;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.audit.AuditQuery;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.core.audit.ChainVerification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The audit log in memory, for unit tests of code that records events. No transactions: an event is
 * kept even if the caller's action later fails. Thread-safe.
 */
public final class InMemoryAuditLog implements AuditLog, AuditTrail {
  private final Clock clock;
  private final List<AuditRecord> records = new ArrayList<>();

  public InMemoryAuditLog(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized AuditRecord record(AuditEvent event) {
    AuditRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
    AuditRecord r =
        AuditRecord.append(
            last == null ? 1 : last.seq() + 1,
            clock.instant(),
            last == null ? AuditChain.GENESIS : last.hash(),
            event);
    records.add(r);
    return r;
  }

  @Override
  public synchronized List<AuditRecord> find(AuditQuery query) {
    return records.stream()
        .filter(query::matches)
        .sorted(Comparator.comparingLong(AuditRecord::seq).reversed())
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized ChainVerification verify() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    for (AuditRecord r : records) {
      if (!verifier.accept(r)) {
        break;
      }
    }
    return verifier.result();
  }

  /** Every record, oldest first. */
  public synchronized List<AuditRecord> all() {
    return List.copyOf(records);
  }

  /** For tamper tests: replaces a record the way someone with raw access to the store could. */
  public synchronized void tamper(long seq, UnaryOperator<AuditRecord> change) {
    records.replaceAll(r -> r.seq() == seq ? change.apply(r) : r);
  }

  /** For tamper tests: removes a record. */
  public synchronized void remove(long seq) {
    records.removeIf(r -> r.seq() == seq);
  }
}
