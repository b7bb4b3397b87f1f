package ai.omnix.pipeline.store.audit;

import ai.omnix.pipeline.core.audit.AuditChain;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.audit.AuditQuery;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.core.audit.ChainVerification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log in {@code audit_events}. An append takes a transaction-scoped advisory lock, reads
 * the head (the highest seq, by its primary key), and inserts the next record: the lock is held
 * until the surrounding transaction ends, so appends from every process form one chain in commit
 * order, and an append rolled back with its action leaves no gap. Thread-safe.
 */
public class JdbcAuditLog implements AuditLog, AuditTrail {
  /** The advisory lock key of the chain ("omnixaud"), outside the int range hashtext() yields. */
  static final long CHAIN_LOCK = 0x6f6d6e6978617564L;

  private static final int VERIFY_BATCH = 1_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcAuditLog(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public AuditRecord record(AuditEvent event) {
    return tx.execute(
        status -> {
          jdbc.sql("select 1 from pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().listOfRows();
          Map<String, Object> head =
              jdbc
                  .sql("select seq, hash from audit_events order by seq desc limit 1")
                  .query()
                  .listOfRows()
                  .stream()
                  .findFirst()
                  .orElse(null);
          long seq = head == null ? 1 : ((Number) head.get("seq")).longValue() + 1;
          String prev = head == null ? AuditChain.GENESIS : (String) head.get("hash");
          AuditRecord r = AuditRecord.append(seq, clock.instant(), prev, event);
          jdbc.sql(
                  """
              insert into audit_events (seq, occurred_at, event_type, tenant_id, actor_type, actor_id,
                resource_type, resource_id, action, ip, user_agent, success, metadata, prev_hash, hash)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
              .params(
                  r.seq(),
                  Timestamp.from(r.occurredAt()),
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
                  r.metadata(),
                  r.prevHash(),
                  r.hash())
              .update();
          return r;
        });
  }

  @Override
  public List<AuditRecord> find(AuditQuery q) {
    StringBuilder sql = new StringBuilder("select * from audit_events where true");
    List<Object> params = new ArrayList<>();
    if (q.tenantId() != null) {
      sql.append(" and tenant_id = ?");
      params.add(q.tenantId());
    }
    if (q.type() != null) {
      sql.append(" and event_type = ?");
      params.add(q.type());
    }
    if (q.actorId() != null) {
      sql.append(" and actor_id = ?");
      params.add(q.actorId());
    }
    if (q.since() != null) {
      sql.append(" and occurred_at >= ?");
      params.add(Timestamp.from(q.since()));
    }
    if (q.until() != null) {
      sql.append(" and occurred_at < ?");
      params.add(Timestamp.from(q.until()));
    }
    if (q.success() != null) {
      sql.append(" and success = ?");
      params.add(q.success());
    }
    if (q.beforeSeq() != null) {
      sql.append(" and seq < ?");
      params.add(q.beforeSeq());
    }
    sql.append(" order by seq desc limit ?");
    params.add(q.limit());
    return jdbc.sql(sql.toString()).params(params).query(JdbcAuditLog::map).list();
  }

  @Override
  public ChainVerification verify() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    long after = 0;
    while (true) {
      List<AuditRecord> batch =
          jdbc.sql("select * from audit_events where seq > ? order by seq limit ?")
              .params(after, VERIFY_BATCH)
              .query(JdbcAuditLog::map)
              .list();
      for (AuditRecord r : batch) {
        if (!verifier.accept(r)) {
          return verifier.result();
        }
      }
      if (batch.size() < VERIFY_BATCH) {
        return verifier.result();
      }
      after = batch.get(batch.size() - 1).seq();
    }
  }

  static AuditRecord map(ResultSet rs, int row) throws SQLException {
    return new AuditRecord(
        rs.getLong("seq"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("event_type"),
        rs.getString("tenant_id"),
        rs.getString("actor_type"),
        rs.getString("actor_id"),
        rs.getString("resource_type"),
        rs.getString("resource_id"),
        rs.getString("action"),
        rs.getString("ip"),
        rs.getString("user_agent"),
        rs.getBoolean("success"),
        rs.getString("metadata"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}
