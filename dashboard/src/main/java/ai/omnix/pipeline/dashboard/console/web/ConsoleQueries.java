package ai.omnix.pipeline.dashboard.console.web;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the console reads that no store port offers: searches across tenants (the API's are per
 * tenant), the last hour in buckets, and the finance and compliance tables. Read-only; every query
 * is bounded by a limit.
 */
public class ConsoleQueries {
  public static final int PAGE = 50;
  static final int BUCKETS = 12;
  static final Duration BUCKET = Duration.ofMinutes(5);

  private final JdbcClient jdbc;
  private final Clock clock;

  public ConsoleQueries(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  // ---- overview

  /** Finished jobs of one five-minute slice of the last hour. */
  public record Bucket(Instant from, long succeeded, long failed, long canceled) {
    public long total() {
      return succeeded + failed + canceled;
    }
  }

  /** The last hour in {@link #BUCKETS} slices, oldest first. */
  public List<Bucket> lastHour() {
    Instant now = clock.instant();
    Instant start = now.minus(BUCKET.multipliedBy(BUCKETS));
    long[][] counts = new long[BUCKETS][3];
    jdbc.sql(
            """
        select floor(extract(epoch from (finished_at - ?)) / ?)::int as bucket,
          count(*) filter (where status = 'succeeded') as succeeded,
          count(*) filter (where status = 'failed') as failed,
          count(*) filter (where status = 'canceled') as canceled
        from jobs where finished_at >= ? group by 1""")
        .params(Timestamp.from(start), BUCKET.toSeconds(), Timestamp.from(start))
        .query(
            rs -> {
              int b = Math.min(BUCKETS - 1, Math.max(0, rs.getInt("bucket")));
              counts[b][0] += rs.getLong("succeeded");
              counts[b][1] += rs.getLong("failed");
              counts[b][2] += rs.getLong("canceled");
            });
    List<Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < BUCKETS; i++) {
      buckets.add(
          new Bucket(start.plus(BUCKET.multipliedBy(i)), counts[i][0], counts[i][1], counts[i][2]));
    }
    return buckets;
  }

  /** How long the oldest job that is due has waited for the dispatcher (0: none waits). */
  public long dispatchLagSeconds() {
    Instant now = clock.instant();
    Timestamp due =
        jdbc.sql(
                "select min(run_after) from jobs where status = 'queued' and not dispatched"
                    + " and run_after <= ?")
            .param(Timestamp.from(now))
            .query(Timestamp.class)
            .optional()
            .orElse(null);
    return secondsSince(due, now);
  }

  public long oldestPendingWebhookSeconds() {
    Timestamp oldest =
        jdbc.sql("select min(created_at) from webhook_deliveries where status = 'pending'")
            .query(Timestamp.class)
            .optional()
            .orElse(null);
    return secondsSince(oldest, clock.instant());
  }

  /** Running jobs per JobRunr server (the executor id a worker claims with). */
  public Map<String, Long> runningByExecutor() {
    Map<String, Long> running = new LinkedHashMap<>();
    jdbc.sql(
            "select executor_id, count(*) as n from jobs where status = 'running'"
                + " and executor_id is not null group by executor_id limit 1000")
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> running.put(rs.getString("executor_id"), rs.getLong("n")));
    return running;
  }

  /** Provider calls of the last hour by provider and model, with latency percentiles. */
  public List<Map<String, Object>> providerCalls() {
    return jdbc.sql(
            """
        select provider, model, count(*) as calls,
          count(*) filter (where outcome = 'succeeded') as succeeded,
          count(*) filter (where outcome in ('failed', 'timed_out')) as failed,
          coalesce(percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at))
            filter (where finished_at is not null), 0) * 1000 as p50_ms,
          coalesce(percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at))
            filter (where finished_at is not null), 0) * 1000 as p95_ms,
          coalesce(sum(cost_credits), 0) as cost_credits,
          coalesce(sum(cost_credits) filter (where billed), 0) as billed_credits
        from provider_attempts where started_at >= ? group by provider, model
        order by provider, model limit 200""")
        .param(Timestamp.from(clock.instant().minus(Duration.ofHours(1))))
        .query((rs, n) -> row(rs))
        .list();
  }

  // ---- jobs

  /** A job in a search result. */
  public record JobRow(
      UUID id,
      String tenantId,
      String type,
      String status,
      String errorCode,
      int attempts,
      Instant createdAt,
      Instant finishedAt) {}

  /** A search across tenants: every filter optional, newest first, cursor paging. */
  public record JobSearch(
      String tenant, String type, String status, String errorCode, String cursor) {
    public static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }

    public JobSearch {
      tenant = blankToNull(tenant);
      type = blankToNull(type);
      status = blankToNull(status);
      errorCode = blankToNull(errorCode);
      cursor = blankToNull(cursor);
    }
  }

  public record JobPage(List<JobRow> jobs, String nextCursor) {}

  public JobPage searchJobs(JobSearch search) {
    StringBuilder sql =
        new StringBuilder(
            "select id, tenant_id, type, status, error_code, attempts, created_at, finished_at"
                + " from jobs where true");
    List<Object> params = new ArrayList<>();
    if (search.tenant() != null) {
      sql.append(" and tenant_id = ?");
      params.add(search.tenant());
    }
    if (search.type() != null) {
      sql.append(" and type = ?");
      params.add(search.type());
    }
    if (search.status() != null) {
      sql.append(" and status = ?");
      params.add(search.status());
    }
    if (search.errorCode() != null) {
      sql.append(" and error_code = ?");
      params.add(search.errorCode());
    }
    if (search.cursor() != null) {
      String[] parts = decodeCursor(search.cursor());
      sql.append(" and (created_at, id) < (?, ?)");
      params.add(Timestamp.from(Instant.parse(parts[0])));
      params.add(UUID.fromString(parts[1]));
    }
    sql.append(" order by created_at desc, id desc limit ?");
    params.add(PAGE + 1);
    List<JobRow> rows =
        new ArrayList<>(
            jdbc.sql(sql.toString()).params(params).query(ConsoleQueries::jobRow).list());
    String next = null;
    if (rows.size() > PAGE) {
      rows.remove(PAGE);
      JobRow last = rows.get(PAGE - 1);
      next = encodeCursor(last.createdAt(), last.id());
    }
    return new JobPage(rows, next);
  }

  static String encodeCursor(Instant createdAt, UUID id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String[] decodeCursor(String cursor) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8)
              .split("\\|", 2);
      Instant.parse(parts[0]);
      UUID.fromString(parts[1]);
      return parts;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a cursor of this console", e);
    }
  }

  public List<Map<String, Object>> providerAttempts(UUID job) {
    return jdbc.sql(
            """
        select provider, model, request_id, outcome, estimated_credits, cost_credits, billed, error_code,
          started_at, finished_at from provider_attempts where job_id = ? order by seq limit 200""")
        .param(job)
        .query((rs, n) -> row(rs))
        .list();
  }

  /** A job's output files (ready ones), oldest first. */
  public record Output(String assetId, String name, String contentType, long size) {
    public boolean image() {
      return contentType.startsWith("image/");
    }

    /**
     * A file a browser plays by itself (not an HLS segment or playlist: the HLS player has those).
     */
    public boolean video() {
      return contentType.equals("video/mp4") || contentType.equals("video/webm");
    }
  }

  public List<Output> outputs(UUID job) {
    return jdbc.sql(
            """
        select id, coalesce(output_name, filename, id) as name, content_type, size from assets
        where derived_by_job_id = ? and status = 'ready' order by created_at, id limit 200""")
        .param(job)
        .query(
            (rs, n) ->
                new Output(
                    rs.getString("id"),
                    rs.getString("name"),
                    rs.getString("content_type"),
                    rs.getLong("size")))
        .list();
  }

  // ---- bulk actions

  /** Failed jobs matching a requeue filter; {@code from} inclusive, {@code to} exclusive. */
  public record FailedFilter(
      String errorCode, String tenant, String type, Instant from, Instant to) {}

  public long countFailed(FailedFilter f) {
    return failedQuery(f, "select count(*)").query(Long.class).single();
  }

  public List<UUID> failedIds(FailedFilter f, int limit) {
    return failedQuery(f, "select id")
        .param(limit)
        .query((rs, n) -> rs.getObject("id", UUID.class))
        .list();
  }

  private JdbcClient.StatementSpec failedQuery(FailedFilter f, String select) {
    StringBuilder sql =
        new StringBuilder(select)
            .append(
                " from jobs where status = 'failed' and error_code = ? and finished_at >= ?"
                    + " and finished_at < ?");
    List<Object> params = new ArrayList<>();
    params.add(f.errorCode());
    params.add(Timestamp.from(f.from()));
    params.add(Timestamp.from(f.to()));
    if (f.tenant() != null) {
      sql.append(" and tenant_id = ?");
      params.add(f.tenant());
    }
    if (f.type() != null) {
      sql.append(" and type = ?");
      params.add(f.type());
    }
    if (select.equals("select id")) {
      sql.append(" order by finished_at, id limit ?");
    }
    return jdbc.sql(sql.toString()).params(params);
  }

  public long countQueued(String tenant) {
    return jdbc.sql("select count(*) from jobs where tenant_id = ? and status = 'queued'")
        .param(tenant)
        .query(Long.class)
        .single();
  }

  public List<UUID> queuedIds(String tenant, int limit) {
    return jdbc.sql(
            "select id from jobs where tenant_id = ? and status = 'queued'"
                + " order by created_at, id limit ?")
        .params(tenant, limit)
        .query((rs, n) -> rs.getObject("id", UUID.class))
        .list();
  }

  // ---- tenants, webhooks

  public List<Map<String, Object>> tenants(int limit) {
    boolean billing = tableExists("credit_balances");
    String balance =
        billing
            ? "(select available_millis from credit_balances b where b.tenant_id = t.id)"
                + " as available_millis, (select reserved_millis from credit_balances b"
                + " where b.tenant_id = t.id) as reserved_millis"
            : "null::bigint as available_millis, null::bigint as reserved_millis";
    return jdbc.sql(
            "select t.id, t.name, t.plan, t.created_at,"
                + " (select count(*) from jobs j where j.tenant_id = t.id and j.status = 'queued')"
                + " as queued,"
                + " (select count(*) from jobs j where j.tenant_id = t.id and j.status = 'running')"
                + " as running,"
                + " (select count(*) from jobs j where j.tenant_id = t.id and j.created_at >= ?)"
                + " as jobs_30d, "
                + balance
                + " from tenants t order by t.id limit ?")
        .params(Timestamp.from(clock.instant().minus(Duration.ofDays(30))), limit)
        .query((rs, n) -> row(rs))
        .list();
  }

  /** Endpoints (URLs) with failed or pending deliveries, worst first. */
  public List<Map<String, Object>> failingEndpoints() {
    return jdbc.sql(
            """
        select tenant_id, url, count(*) filter (where status = 'failed') as failed,
          count(*) filter (where status = 'pending') as pending, max(last_error) as last_error,
          min(created_at) filter (where status = 'pending') as oldest_pending
        from webhook_deliveries where status in ('failed', 'pending')
        group by tenant_id, url order by count(*) filter (where status = 'failed') desc, url limit 100""")
        .query((rs, n) -> row(rs))
        .list();
  }

  /** The latest failed deliveries, one row per job (what redelivery acts on). */
  public List<Map<String, Object>> failedDeliveries() {
    return jdbc.sql(
            """
        select job_id, tenant_id, count(*) as deliveries, max(url) as url, max(last_error) as last_error,
          max(created_at) as last_created_at
        from webhook_deliveries where status = 'failed' group by job_id, tenant_id
        order by max(created_at) desc limit 100""")
        .query((rs, n) -> row(rs))
        .list();
  }

  // ---- billing, retention

  public boolean tableExists(String table) {
    return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
  }

  public List<Map<String, Object>> invoices() {
    if (!tableExists("invoices")) {
      return List.of();
    }
    return jdbc.sql(
            """
        select id, tenant_id, period, status, number, total_usd_cents, usage_millis, purchased_millis,
          granted_millis, finalized_at from invoices order by period desc, tenant_id limit 200""")
        .query((rs, n) -> row(rs))
        .list();
  }

  public List<Map<String, Object>> reconciliationFindings() {
    if (!tableExists("reconciliation_findings")) {
      return List.of();
    }
    return jdbc.sql(
            """
        select f.run_id, j.finished_at, f.check_name, f.subject, f.tenant_id, f.expected_millis,
          f.actual_millis, f.detail
        from reconciliation_findings f join jobs j on j.id = f.run_id
        order by j.created_at desc, f.check_name, f.subject limit 200""")
        .query((rs, n) -> row(rs))
        .list();
  }

  /**
   * Runs of the operators' job types (reconciliation, retention, erasure, invoicing), newest first.
   */
  public List<JobRow> runsOf(List<String> types) {
    return jdbc.sql(
            "select id, tenant_id, type, status, error_code, attempts, created_at, finished_at"
                + " from jobs where type = any(?) order by created_at desc, id desc limit 50")
        .param(types.toArray(String[]::new))
        .query(ConsoleQueries::jobRow)
        .list();
  }

  public List<Map<String, Object>> legalHolds() {
    return jdbc.sql(
            """
        select id, tenant_id, asset_id, reason, placed_at, placed_by, released_at, released_by
        from legal_holds order by released_at is not null, placed_at desc limit 200""")
        .query((rs, n) -> row(rs))
        .list();
  }

  // ----

  private static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    var meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      Object value = rs.getObject(i);
      if (value instanceof Timestamp t) {
        value = t.toInstant();
      } else if (value instanceof Double d) {
        value = Math.round(d);
      } else if (value instanceof java.math.BigDecimal d) {
        value = d.setScale(0, java.math.RoundingMode.HALF_UP).longValue();
      }
      row.put(meta.getColumnLabel(i), value);
    }
    return row;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static long secondsSince(Timestamp at, Instant now) {
    return at == null ? 0 : Math.max(0, Duration.between(at.toInstant(), now).toSeconds());
  }

  private static JobRow jobRow(ResultSet rs, int rowNum) throws SQLException {
    return new JobRow(
        rs.getObject("id", UUID.class),
        rs.getString("tenant_id"),
        rs.getString("type"),
        rs.getString("status"),
        rs.getString("error_code"),
        rs.getInt("attempts"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("finished_at")));
  }
}
