package ai.omnix.pipeline.billing.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ended jobs with their hold and settlements, in id order, a page at a time, restartable after the
 * last job handed out (saved in the step's context at each chunk commit).
 *
 * <p>Why not {@code JdbcPagingItemReader}: it appends the key condition and the limit to the whole
 * join, and PostgreSQL, misjudging the join of jobs to holds on {@code 'job:' || id}, joined and
 * sorted every job again for every page (quadratic). Here the page of jobs is taken first (an index
 * range scan of the primary key from the last id, limited), then joined: each page costs its own
 * rows. Jobs without a hold (free, or paid from an allowance) are passed over.
 */
final class JobHoldReader
    extends AbstractItemCountingItemStreamItemReader<ReconciliationBatchJob.JobHoldRow> {
  private final JdbcClient jdbc;
  private final String statuses;
  private final Instant asOf;
  private final int pageSize;
  private final Deque<ReconciliationBatchJob.JobHoldRow> page = new ArrayDeque<>();
  private UUID fetchedUpTo;
  private UUID lastReturned;
  private boolean exhausted;

  /**
   * @param statuses an SQL list of job statuses, such as {@code ('failed', 'canceled')}; a constant
   *     of the caller, never input
   */
  JobHoldReader(DataSource dataSource, String name, String statuses, Instant asOf, int pageSize) {
    this.jdbc = JdbcClient.create(dataSource);
    this.statuses = statuses;
    this.asOf = asOf;
    this.pageSize = pageSize;
    setName(name);
  }

  @Override
  public void open(ExecutionContext context) {
    String saved = context.getString(getExecutionContextKey("last_id"), null);
    lastReturned = saved == null ? null : UUID.fromString(saved);
    fetchedUpTo = lastReturned;
    super.open(context);
  }

  @Override
  public void update(ExecutionContext context) {
    super.update(context);
    if (lastReturned != null) {
      context.putString(getExecutionContextKey("last_id"), lastReturned.toString());
    }
  }

  /** The position is restored from the last id, not by reading items again. */
  @Override
  protected void jumpToItem(int itemIndex) {}

  @Override
  protected ReconciliationBatchJob.JobHoldRow doRead() {
    while (page.isEmpty() && !exhausted) {
      fetch();
    }
    ReconciliationBatchJob.JobHoldRow row = page.poll();
    if (row != null) {
      lastReturned = row.job();
    }
    return row;
  }

  private void fetch() {
    UUID after = fetchedUpTo;
    List<Object[]> rows =
        jdbc.sql(
                """
            select j.id, j.tenant_id, j.type, j.status, j.credits_estimated, j.credits_actual,
              j.params ->> 'count' as count, h.status as hold_status, h.amount_millis as held,
              coalesce(s.settlements, 0) as settlements, coalesce(s.settled, 0) as settled
            from (select * from jobs where status in %s and created_at < ? %s
                  order by id limit ?) j
            left join credit_holds h on h.tenant_id = j.tenant_id and h.hold_key = 'job:' || j.id::text
            left join lateral (
              select count(*) as settlements, sum(e.amount_millis) as settled from ledger_entries e
              where e.tenant_id = h.tenant_id and e.hold_key = h.hold_key
                and e.debit_account = 'reserved' and e.credit_account = 'revenue') s on true
            order by j.id"""
                    .formatted(statuses, after == null ? "" : "and id > ?"))
            .params(
                after == null
                    ? List.of(Timestamp.from(asOf), pageSize)
                    : List.of(Timestamp.from(asOf), after, pageSize))
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getObject("id"),
                      rs.getString("hold_status") == null
                          ? null
                          : new ReconciliationBatchJob.JobHoldRow(
                              (UUID) rs.getObject("id"),
                              rs.getString("tenant_id"),
                              rs.getString("type"),
                              rs.getString("status"),
                              rs.getLong("credits_estimated"),
                              (Long) rs.getObject("credits_actual"),
                              rs.getString("count"),
                              rs.getString("hold_status"),
                              rs.getLong("held"),
                              rs.getLong("settlements"),
                              rs.getLong("settled"))
                    })
            .list();
    for (Object[] row : rows) {
      fetchedUpTo = (UUID) row[0];
      if (row[1] != null) {
        page.add((ReconciliationBatchJob.JobHoldRow) row[1]);
      }
    }
    if (rows.size() < pageSize) {
      exhausted = true;
    }
  }

  @Override
  protected void doOpen() {
    page.clear();
    exhausted = false;
  }

  @Override
  protected void doClose() {
    page.clear();
  }
}
