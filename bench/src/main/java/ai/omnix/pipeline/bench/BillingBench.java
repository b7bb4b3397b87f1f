package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.billing.invoice.InvoicingJobHandler;
import ai.omnix.pipeline.billing.reconciliation.ReconciliationJobHandler;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.document.pdf.PdfBoxTextRenderer;
import ai.omnix.pipeline.testkit.SharedPostgres;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The billing batch runs at scale, in-process on the real handlers, Spring Batch repository and
 * PostgreSQL (a database of its own). {@code BENCH_BILLING_SCALE} (default 1.0) scales the data.
 *
 * <ul>
 *   <li><b>reconcile</b>: 1,000,000 × scale ledger entries and 200,000 × scale succeeded jobs with
 *       their holds (each job: a reservation, a settlement at its actual use and a release of the
 *       rest; the other entries are grants), books that add up. Ours: the {@code
 *       billing-reconciliation} handler (chunk-oriented steps, 500 rows a chunk). Baseline: one
 *       hand-written SQL statement that computes the same totals (rows checked and discrepancies
 *       per check). Rows/s = (ledger entries + jobs) / seconds, for both.
 *   <li><b>invoicing</b>: 10,000 × scale tenants with a month of activity each (a package bought, a
 *       grant, three settled charges). Ours: the {@code invoicing} handler for the month (drafts in
 *       the batch, then a CSV and a PDF per invoice and {@code invoices.json}), at a quarter, half
 *       and all of the tenants (one month each), so the per-tenant cost shows as the count grows.
 * </ul>
 */
final class BillingBench {
  private static final Instant AS_OF = Instant.parse("2026-03-15T12:00:00Z");

  private BillingBench() {}

  static double scale() {
    String raw = System.getenv("BENCH_BILLING_SCALE");
    double scale = raw == null || raw.isBlank() ? 1.0 : Double.parseDouble(raw.trim());
    if (!(scale > 0 && scale <= 10)) {
      throw new IllegalArgumentException("BENCH_BILLING_SCALE must be in (0, 10]: " + raw);
    }
    return scale;
  }

  static Map<String, Object> reconcile(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("reconcile", config);
    double scale = scale();
    int jobs = (int) Math.max(100, Math.round(200_000 * scale));
    long entries = Math.max(3L * jobs + 100, Math.round(1_000_000 * scale));
    int tenants = (int) Math.max(10, Math.round(10_000 * scale));
    long grants = entries - 3L * jobs;
    out.put("scale", scale);
    out.put("load_average_start", Results.loadAverage());
    try (HikariDataSource ds = database("bench_reconcile")) {
      JdbcClient jdbc = JdbcClient.create(ds);
      long t0 = System.nanoTime();
      seedLedger(jdbc, tenants, jobs, grants);
      double seedSeconds = (System.nanoTime() - t0) / 1e9;
      long rows =
          jdbc.sql("select (select count(*) from ledger_entries) + (select count(*) from jobs)")
              .query(Long.class)
              .single();
      System.out.printf(
          "%n== reconcile: %d ledger entries, %d jobs, %d tenants (scale %s), seeded in %.1f s ==%n",
          entries, jobs, tenants, scale, seedSeconds);

      // the baseline first and last, ours in between: both see the same warm cache
      double sql1 = timed(() -> sqlAggregate(jdbc));
      Map<String, Object> totals = sqlAggregate(jdbc);
      // ours at the default chunk (500 rows, one commit and one restart point each), then at 5,000
      Map<String, Object> chunked = new LinkedHashMap<>();
      JobResult result = null;
      TempDirJobExecution execution = null;
      double oursSeconds = 0;
      for (int chunk : List.of(500, 5_000)) {
        TempDirJobAssets assets =
            new TempDirJobAssets(Files.createTempDirectory("bench-reconcile"));
        TempDirJobExecution run =
            new TempDirJobExecution(
                "billing-reconciliation", null, Map.of("chunk_size", chunk), assets);
        pipelineJob(jdbc, run);
        ReconciliationJobHandler handler =
            new ReconciliationJobHandler(
                runner(ds), ds, Duration.ofDays(1), Clock.fixed(AS_OF, ZoneOffset.UTC));
        long r0 = System.nanoTime();
        JobResult r = handler.handle(run);
        double seconds = (System.nanoTime() - r0) / 1e9;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seconds", Results.round(seconds));
        c.put("rows_per_second", Results.round(rows / seconds));
        c.put("step_seconds", stepSeconds(jdbc, run));
        chunked.put("chunk_" + chunk, c);
        System.out.printf(
            "ours, chunks of %d: %.2f s (%s rows/s), steps %s%n",
            chunk, seconds, Results.fmt(rows / seconds), c.get("step_seconds"));
        if (result == null) {
          result = r;
          execution = run;
          oursSeconds = seconds;
        }
      }
      double sql2 = timed(() -> sqlAggregate(jdbc));
      // the same keyset pages as the succeeded-jobs step reads, without Spring Batch: what the
      // per-job reads cost, apart from chunks, the step's bookkeeping and the checks in Java
      long[] paged = new long[1];
      double pagedSeconds = timed(() -> paged[0] = pagedJobReads(jdbc));
      double sqlSeconds = Math.min(sql1, sql2);

      Map<String, Object> summary = result.summary();
      out.put("ledger_entries", entries);
      out.put("jobs", jobs);
      out.put("tenants", tenants);
      out.put("rows", rows);
      out.put("seed_seconds", Results.round(seedSeconds));
      out.put("ours_seconds", Results.round(oursSeconds));
      out.put("ours_rows_per_second", Results.round(rows / oursSeconds));
      out.put("sql_seconds", List.of(Results.round(sql1), Results.round(sql2)));
      out.put("sql_rows_per_second", Results.round(rows / sqlSeconds));
      out.put("ratio", Results.round(sqlSeconds / oursSeconds));
      out.put("paged_reads_seconds", Results.round(pagedSeconds));
      out.put("paged_reads_rows", paged[0]);
      out.put("ours_by_chunk", chunked);
      out.put("ours_checks", summary.get("checks"));
      out.put("ours_discrepancies", summary.get("discrepancies"));
      out.put("sql_totals", totals);
      out.put("step_seconds", stepSeconds(jdbc, execution));
      out.put("load_average_end", Results.loadAverage());
      System.out.printf(
          "ours: %.2f s (%s rows/s), %s discrepancies, checks %s%nsql aggregate: %.2f / %.2f s (%s"
              + " rows/s), totals %s%nratio ours/sql: %.2f; steps %s; the succeeded jobs' pages read"
              + " alone (JDBC, 500 a page): %d rows in %.2f s; load %s → %s%n",
          oursSeconds,
          Results.fmt(rows / oursSeconds),
          summary.get("discrepancies"),
          summary.get("checks"),
          sql1,
          sql2,
          Results.fmt(rows / sqlSeconds),
          totals,
          sqlSeconds / oursSeconds,
          out.get("step_seconds"),
          paged[0],
          pagedSeconds,
          out.get("load_average_start"),
          out.get("load_average_end"));
    }
    return out;
  }

  static Map<String, Object> invoicing(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("invoicing", config);
    double scale = scale();
    int tenants = (int) Math.max(40, Math.round(10_000 * scale));
    out.put("scale", scale);
    out.put("load_average_start", Results.loadAverage());
    List<Map<String, Object>> rounds = new ArrayList<>();
    try (HikariDataSource ds = database("bench_invoicing")) {
      JdbcClient jdbc = JdbcClient.create(ds);
      jdbc.sql(
              """
          insert into tenants (id, name, plan, webhook_secret, created_at)
          select 'b-' || lpad(i::text, 6, '0'), 'B', 'pro', 'whsec_x', now()
          from generate_series(1, ?) i""")
          .param(tenants)
          .update();
      List<int[]> sizes =
          List.of(new int[] {1, tenants / 4}, new int[] {2, tenants / 2}, new int[] {3, tenants});
      System.out.printf(
          "%n== invoicing: %d tenants at full size (scale %s), a quarter, half and all ==%n",
          tenants, scale);
      for (int[] size : sizes) {
        String month = "2026-%02d".formatted(size[0]);
        seedMonth(jdbc, month, size[1]);
        TempDirJobAssets assets =
            new TempDirJobAssets(Files.createTempDirectory("bench-invoicing"));
        TempDirJobExecution execution =
            new TempDirJobExecution("invoicing", null, Map.of("period", month), assets);
        InvoicingJobHandler handler =
            new InvoicingJobHandler(
                runner(ds),
                ds,
                Duration.ofHours(72),
                Clock.fixed(
                    Instant.parse(month + "-28T00:00:00Z").plus(Duration.ofDays(5)),
                    ZoneOffset.UTC),
                new PdfBoxTextRenderer());
        long t0 = System.nanoTime();
        JobResult result = handler.handle(execution);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double batchSeconds =
            stepSeconds(jdbc, execution).values().stream()
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("period", month);
        round.put("tenants", size[1]);
        round.put("invoices", result.summary().get("invoices"));
        round.put("wall_seconds", Results.round(seconds));
        round.put("batch_seconds", Results.round(batchSeconds));
        round.put("ms_per_tenant", Results.round(seconds * 1000 / size[1]));
        round.put("batch_ms_per_tenant", Results.round(batchSeconds * 1000 / size[1]));
        round.put("load_average", Results.loadAverage());
        rounds.add(round);
        System.out.printf(
            "%s: %d tenants, %s invoices in %.2f s (%.2f ms/tenant; the batch of drafts %.2f s, %.2f"
                + " ms/tenant; the rest is CSV + PDF per invoice), load %s%n",
            month,
            size[1],
            result.summary().get("invoices"),
            seconds,
            seconds * 1000 / size[1],
            batchSeconds,
            batchSeconds * 1000 / size[1],
            round.get("load_average"));
      }
    }
    out.put("rounds", rounds);
    out.put("load_average_end", Results.loadAverage());
    return out;
  }

  /**
   * Books that add up: per job a reservation of 1.5 credits, a settlement of 0.6 (a transcode that
   * used 40 of its 100 estimated) and the release of 0.9; grants of 100 credits round-robin; the
   * balances are what the entries add up to.
   */
  private static void seedLedger(JdbcClient jdbc, int tenants, int jobs, long grants) {
    jdbc.sql(
            """
        insert into tenants (id, name, plan, webhook_secret, created_at)
        select 'b-' || lpad(i::text, 6, '0'), 'B', 'pro', 'whsec_x', now() from generate_series(1, ?) i""")
        .param(tenants)
        .update();
    jdbc.sql(
            """
        create temp table bench_jobs as
        select gen_random_uuid() as id, 'b-' || lpad((1 + i % ?)::text, 6, '0') as tenant_id
        from generate_series(0, ? - 1) i""")
        .params(tenants, jobs)
        .update();
    jdbc.sql(
            """
        insert into jobs (id, tenant_id, type, status, queue_class, plan_rank, input, params, metadata,
          max_attempts, credits_estimated, credits_actual, run_after, created_at, updated_at, finished_at)
        select id, tenant_id, 'transcode', 'succeeded', 'heavy', 3, '{"kind":"asset","asset_id":"ast_x"}',
          '{}', '{}', 3, 100, 40, ts, ts, ts, ts
        from bench_jobs, (select ?::timestamptz as ts) t""")
        .param(java.sql.Timestamp.from(AS_OF.minus(Duration.ofHours(2))))
        .update();
    jdbc.sql(
            """
        insert into credit_holds (tenant_id, hold_key, amount_millis, status, charged_millis, created_at, closed_at)
        select tenant_id, 'job:' || id, 1500, 'settled', 600, now(), now() from bench_jobs""")
        .update();
    jdbc.sql(
            """
        insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
        select tenant_id, 'hold/job:' || id || '/' || k, k, 1500, case k when 'reserve' then 1500 else 600 end, now()
        from bench_jobs, (values ('reserve'), ('settle')) kinds(k)""")
        .update();
    jdbc.sql(
            """
        insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
          amount_millis, hold_key, created_at)
        select tenant_id, 'hold/job:' || id || '/' || op || '#' || kind, 'hold/job:' || id || '/' || op, kind,
          debit, credit, amount, 'job:' || id, now()
        from bench_jobs, (values ('reserve', 'reserve', 'available', 'reserved', 1500),
                                 ('settle', 'settle', 'reserved', 'revenue', 600),
                                 ('settle', 'release', 'reserved', 'available', 900)) e(op, kind, debit, credit, amount)""")
        .update();
    jdbc.sql(
            """
        insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
        select 'b-' || lpad((1 + i % ?)::text, 6, '0'), 'grant-' || i, 'grant', 100000, 100000, now()
        from generate_series(0, ? - 1) i""")
        .params(tenants, grants)
        .update();
    jdbc.sql(
            """
        insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
          amount_millis, created_at)
        select tenant_id, key || '#grant', key, 'grant', 'promotional_grants', 'available', 100000, now()
        from ledger_operations where kind = 'grant'""")
        .update();
    jdbc.sql(
            """
        insert into credit_balances (tenant_id, available_millis, reserved_millis, updated_at)
        select tenant_id,
          sum(case when credit_account = 'available' then amount_millis
                   when debit_account = 'available' then -amount_millis else 0 end),
          sum(case when credit_account = 'reserved' then amount_millis
                   when debit_account = 'reserved' then -amount_millis else 0 end), now()
        from ledger_entries group by tenant_id""")
        .update();
    jdbc.sql("drop table bench_jobs").update();
    jdbc.sql("analyze").update();
  }

  /**
   * The same totals in one statement: per check, the rows it looks at and the discrepancies. The
   * price of a succeeded job is written out for the file-processing feature only (every job of this
   * data set is a transcode): 15 milli-credits per estimate unit, rounded up to a tenth of a
   * credit, kept within 0.5–5 credits, never more than the hold.
   */
  static Map<String, Object> sqlAggregate(JdbcClient jdbc) {
    return jdbc.sql(
            """
        with balances as (
          select b.tenant_id,
            b.available_millis <> coalesce(sum(case when e.credit_account = 'available' then e.amount_millis
                  when e.debit_account = 'available' then -e.amount_millis else 0 end), 0)
            or b.reserved_millis <> coalesce(sum(case when e.credit_account = 'reserved' then e.amount_millis
                  when e.debit_account = 'reserved' then -e.amount_millis else 0 end), 0) as off
          from credit_balances b left join ledger_entries e on e.tenant_id = b.tenant_id
          group by b.tenant_id, b.available_millis, b.reserved_millis),
        settled as (
          select tenant_id, hold_key, count(*) as n, sum(amount_millis) as amount from ledger_entries
          where debit_account = 'reserved' and credit_account = 'revenue' and hold_key is not null
          group by tenant_id, hold_key),
        ended as (
          select j.status, h.status as hold_status, coalesce(s.n, 0) as n, coalesce(s.amount, 0) as amount,
            least(h.amount_millis, greatest(500, least(5000,
              ceil(coalesce(j.credits_actual, j.credits_estimated) * 15 / 100.0) * 100)))::bigint as expected
          from jobs j
          join credit_holds h on h.tenant_id = j.tenant_id and h.hold_key = 'job:' || j.id::text
          left join settled s on s.tenant_id = h.tenant_id and s.hold_key = h.hold_key
          where j.status in ('succeeded', 'failed', 'canceled') and j.created_at < :as_of)
        select
          (select count(*) from balances) as balances_checked,
          (select count(*) from balances where off) as balances_off,
          (select count(*) from credit_holds where status = 'open' and created_at < :stale) as stale_holds,
          (select count(*) from ended where status <> 'succeeded') as ended_checked,
          (select count(*) from ended where status <> 'succeeded' and hold_status = 'open') as unreleased,
          (select count(*) from ended where status = 'succeeded') as succeeded_checked,
          (select count(*) from ended where status = 'succeeded' and (hold_status = 'open'
             or n <> case when expected > 0 then 1 else 0 end or amount <> expected)) as misettled""")
        .param("as_of", java.sql.Timestamp.from(AS_OF))
        .param("stale", java.sql.Timestamp.from(AS_OF.minus(Duration.ofDays(1))))
        .query()
        .singleRow();
  }

  /** Reads the succeeded jobs with their holds and settlements page by page, as the step does. */
  private static long pagedJobReads(JdbcClient jdbc) {
    java.util.UUID after = new java.util.UUID(0, 0);
    long rows = 0;
    while (true) {
      List<java.util.UUID> page =
          jdbc.sql(
                  """
              select j.id, j.tenant_id, j.type, j.status, j.credits_estimated, j.credits_actual,
                j.params ->> 'count' as count, h.status as hold_status, h.amount_millis as held,
                coalesce(s.settlements, 0) as settlements, coalesce(s.settled, 0) as settled
              from (select * from jobs where status = 'succeeded' and created_at < ? and id > ?
                    order by id limit 500) j
              left join credit_holds h on h.tenant_id = j.tenant_id and h.hold_key = 'job:' || j.id::text
              left join lateral (
                select count(*) as settlements, sum(e.amount_millis) as settled from ledger_entries e
                where e.tenant_id = h.tenant_id and e.hold_key = h.hold_key
                  and e.debit_account = 'reserved' and e.credit_account = 'revenue') s on true
              order by j.id""")
              .params(java.sql.Timestamp.from(AS_OF), after)
              .query((rs, n) -> (java.util.UUID) rs.getObject(1))
              .list();
      rows += page.size();
      if (page.size() < 500) {
        return rows;
      }
      after = page.get(page.size() - 1);
    }
  }

  /** A month of activity for the first {@code tenants}: a $10 package, a grant, three charges. */
  private static void seedMonth(JdbcClient jdbc, String month, int tenants) {
    java.sql.Timestamp at = java.sql.Timestamp.from(Instant.parse(month + "-10T10:00:00Z"));
    jdbc.sql(
            """
        insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
        select t.id, :m || '/' || k, case when k like 'settle%' then 'settle' else k end, a, a, :at
        from (select id from tenants where id like 'b-%' order by id limit :n) t,
          (values ('purchase', 100000), ('grant', 2500), ('settle-1', 1500), ('settle-2', 600),
                  ('settle-3', 30000)) ops(k, a)""")
        .param("m", month)
        .param("at", at)
        .param("n", tenants)
        .update();
    jdbc.sql(
            """
        insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
          amount_millis, hold_key, created_at)
        select tenant_id, key || '#1', key, kind,
          case kind when 'purchase' then 'purchases' when 'grant' then 'promotional_grants' else 'reserved' end,
          case kind when 'settle' then 'revenue' else 'available' end,
          applied_millis, case kind when 'settle' then 'chat:' || key end, created_at
        from ledger_operations where key like :m || '/%'""")
        .param("m", month)
        .update();
  }

  private static void pipelineJob(JdbcClient jdbc, JobExecution execution) {
    jdbc.sql(
            "insert into tenants (id, name, plan, webhook_secret, created_at) values ('admin', 'A',"
                + " 'enterprise', 'whsec_x', now()) on conflict do nothing")
        .update();
    jdbc.sql(
            """
        insert into jobs (id, tenant_id, type, status, queue_class, plan_rank, input, params, metadata,
          max_attempts, run_after, created_at, updated_at)
        values (?, 'admin', 'billing-reconciliation', 'running', 'io_bound', 5, '{"kind":"none"}', '{}', '{}', 5,
          now(), now(), now())""")
        .param(execution.jobId().value())
        .update();
  }

  /** Seconds each batch step of the run took, from Spring Batch's own record. */
  private static Map<String, Object> stepSeconds(JdbcClient jdbc, JobExecution execution) {
    Map<String, Object> steps = new LinkedHashMap<>();
    jdbc.sql(
            """
        select s.step_name, extract(epoch from s.end_time - s.start_time) as seconds
        from batch_step_execution s
        join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
        where p.parameter_name = 'pipeline.job_id' and p.parameter_value = ? order by s.step_execution_id""")
        .param(execution.jobId().toString())
        .query((rs, n) -> steps.put(rs.getString(1), Results.round(rs.getDouble(2))))
        .list();
    return steps;
  }

  private static PipelineBatchRunner runner(DataSource ds) throws Exception {
    DataSourceTransactionManager tx = new DataSourceTransactionManager(ds);
    JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
    factory.setDataSource(ds);
    factory.setTransactionManager(tx);
    factory.afterPropertiesSet();
    JobRepository repository = factory.getObject();
    TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    operator.setJobRepository(repository);
    operator.setJobRegistry(new MapJobRegistry());
    operator.setTaskExecutor(new SyncTaskExecutor());
    operator.afterPropertiesSet();
    return new PipelineBatchRunner(operator, repository, tx);
  }

  private static HikariDataSource database(String name) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(SharedPostgres.newDatabase(name));
    hikari.setUsername(SharedPostgres.username());
    hikari.setMaximumPoolSize(4);
    HikariDataSource ds = new HikariDataSource(hikari);
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/omnix")
        .outOfOrder(true)
        .load()
        .migrate();
    return ds;
  }

  private interface Timed {
    void run() throws Exception;
  }

  private static double timed(Timed what) throws Exception {
    long t0 = System.nanoTime();
    what.run();
    return (System.nanoTime() - t0) / 1e9;
  }
}
