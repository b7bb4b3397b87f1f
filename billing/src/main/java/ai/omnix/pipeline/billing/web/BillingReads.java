package ai.omnix.pipeline.billing.web;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.EntryKind;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the billing API reads, always for one tenant: ledger pages newest first and usage grouped by
 * model, job type or day. Thread-safe.
 */
public class BillingReads {
  private final JdbcClient jdbc;

  public BillingReads(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One row of the ledger as a tenant sees it. */
  public record Entry(
      long id,
      EntryKind kind,
      Credits amount,
      String debitAccount,
      String creditAccount,
      String holdKey,
      String reference,
      Instant createdAt) {}

  /**
   * @param beforeId only entries older than this one (the cursor), or null
   * @param holdKey only this hold's entries ({@code job:<id>}), or null
   */
  public List<Entry> ledger(
      TenantId tenant,
      Long beforeId,
      EntryKind kind,
      String holdKey,
      Instant from,
      Instant to,
      int limit) {
    StringBuilder sql = new StringBuilder("select * from ledger_entries where tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenant.value()));
    if (beforeId != null) {
      sql.append(" and id < ?");
      params.add(beforeId);
    }
    if (kind != null) {
      sql.append(" and kind = ?");
      params.add(kind.wireName());
    }
    if (holdKey != null) {
      sql.append(" and hold_key = ?");
      params.add(holdKey);
    }
    if (from != null) {
      sql.append(" and created_at >= ?");
      params.add(Timestamp.from(from));
    }
    if (to != null) {
      sql.append(" and created_at < ?");
      params.add(Timestamp.from(to));
    }
    sql.append(" order by id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString())
        .params(params)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getLong("id"),
                    EntryKind.fromWireName(rs.getString("kind")),
                    Credits.ofMillis(rs.getLong("amount_millis")),
                    rs.getString("debit_account"),
                    rs.getString("credit_account"),
                    rs.getString("hold_key"),
                    rs.getString("reference"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /** How usage is grouped. */
  public enum GroupBy {
    MODEL("coalesce(j.result -> 'summary' ->> 'model', '')"),
    JOB_TYPE("j.type"),
    DAY("to_char(j.finished_at at time zone 'UTC', 'YYYY-MM-DD')");

    private final String expression;

    GroupBy(String expression) {
      this.expression = expression;
    }
  }

  /**
   * One group of ended jobs: how many, how many the plan's allowance paid for, and the credits
   * charged (settled holds).
   */
  public record UsageGroup(String key, long jobs, long includedInPlan, Credits credits) {}

  /** Jobs that ended in {@code [from, to)}, grouped; the charge is what their holds settled at. */
  public List<UsageGroup> usage(TenantId tenant, Instant from, Instant to, GroupBy groupBy) {
    return jdbc.sql(
            """
            select %s as key, count(*) as jobs, count(a.key) filter (where a.counted) as included,
              coalesce(sum(h.charged_millis), 0) as millis
            from jobs j
            left join credit_holds h on h.tenant_id = j.tenant_id and h.hold_key = 'job:' || j.id
            left join allowance_uses a on a.tenant_id = j.tenant_id and a.key = 'job:' || j.id
            where j.tenant_id = ? and j.status in ('succeeded', 'failed', 'canceled')
              and j.finished_at >= ? and j.finished_at < ?
            group by 1 order by 1"""
                .formatted(groupBy.expression))
        .params(tenant.value(), Timestamp.from(from), Timestamp.from(to))
        .query(
            (rs, n) ->
                new UsageGroup(
                    rs.getString("key"),
                    rs.getLong("jobs"),
                    rs.getLong("included"),
                    Credits.ofMillis(rs.getLong("millis"))))
        .list();
  }
}
