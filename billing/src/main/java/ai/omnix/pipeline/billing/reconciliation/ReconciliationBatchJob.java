package ai.omnix.pipeline.billing.reconciliation;

import ai.omnix.pipeline.batch.BatchJobDefinition;
import ai.omnix.pipeline.batch.BatchRunContext;
import ai.omnix.pipeline.core.billing.Credits;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reconciliation as a Spring Batch job: one chunk-oriented step per check, each reading its
 * subjects in key order (pages of {@code chunkSize}, restartable from the last committed key) and
 * writing what it finds to {@code reconciliation_findings} in the chunk's transaction.
 *
 * <ol>
 *   <li>{@code balances}: each tenant's stored balance against the sum of its ledger entries, both
 *       read by one statement (one snapshot) so a ledger operation running meanwhile is seen whole
 *       or not at all.
 *   <li>{@code stale-holds}: holds still open though created before {@code asOf − longest job
 *       lifetime}: no job or chat message can still be running for them.
 * </ol>
 */
final class ReconciliationBatchJob implements BatchJobDefinition {
  static final String NAME = "billing-reconciliation";

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final UUID runId;
  private final Instant asOf;
  private final Duration longestJobLifetime;
  private final int chunkSize;

  ReconciliationBatchJob(
      DataSource dataSource, UUID runId, Instant asOf, Duration longestJobLifetime, int chunkSize) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.runId = runId;
    this.asOf = asOf;
    this.longestJobLifetime = longestJobLifetime;
    this.chunkSize = chunkSize;
  }

  @Override
  public String name() {
    return NAME;
  }

  private record BalanceRow(
      String tenant, long available, long reserved, long entriesAvailable, long entriesReserved) {}

  private record HoldRow(String tenant, String holdKey, long amount, Instant createdAt) {}

  @Override
  public Job build(BatchRunContext context) {
    return new JobBuilder(NAME, context.repository())
        .start(balances(context))
        .next(staleHolds(context))
        .build();
  }

  private Step balances(BatchRunContext context) {
    PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
    query.setSelectClause(
        "tenant_id, available_millis, reserved_millis, entries_available, entries_reserved");
    query.setFromClause(
        """
        (select b.tenant_id, b.available_millis, b.reserved_millis,
           coalesce(s.available, 0) as entries_available, coalesce(s.reserved, 0) as entries_reserved
         from credit_balances b left join lateral (
           select sum(case when credit_account = 'available' then amount_millis
                           when debit_account = 'available' then -amount_millis else 0 end) as available,
                  sum(case when credit_account = 'reserved' then amount_millis
                           when debit_account = 'reserved' then -amount_millis else 0 end) as reserved
           from ledger_entries e where e.tenant_id = b.tenant_id) s on true) balances""");
    query.setSortKeys(sortedBy("tenant_id"));
    JdbcPagingItemReader<BalanceRow> reader = new JdbcPagingItemReader<>(dataSource, query);
    reader.setName("balances");
    reader.setPageSize(chunkSize);
    reader.setRowMapper(
        (rs, n) ->
            new BalanceRow(
                rs.getString("tenant_id"),
                rs.getLong("available_millis"),
                rs.getLong("reserved_millis"),
                rs.getLong("entries_available"),
                rs.getLong("entries_reserved")));
    initialize(reader);
    long expected = jdbc.sql("select count(*) from credit_balances").query(Long.class).single();
    return new StepBuilder("balances", context.repository())
        .<BalanceRow, Finding>chunk(chunkSize)
        .reader(reader)
        .processor(ReconciliationBatchJob::compareBalance)
        .writer(findings())
        .transactionManager(context.transactionManager())
        .listener(context.progress(0, "balances", expected))
        .build();
  }

  private static Finding compareBalance(BalanceRow row) {
    if (row.available() == row.entriesAvailable() && row.reserved() == row.entriesReserved()) {
      return null;
    }
    return new Finding(
        Finding.BALANCE_MATCHES_ENTRIES,
        row.tenant(),
        row.tenant(),
        row.entriesAvailable() + row.entriesReserved(),
        row.available() + row.reserved(),
        "stored available "
            + Credits.ofMillis(row.available())
            + " / reserved "
            + Credits.ofMillis(row.reserved())
            + ", but the entries add up to "
            + Credits.ofMillis(row.entriesAvailable())
            + " / "
            + Credits.ofMillis(row.entriesReserved()));
  }

  private Step staleHolds(BatchRunContext context) {
    Instant cutoff = asOf.minus(longestJobLifetime);
    PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
    query.setSelectClause("tenant_id, hold_key, amount_millis, created_at");
    query.setFromClause("credit_holds");
    query.setWhereClause("status = 'open' and created_at < :cutoff");
    query.setSortKeys(sortedBy("tenant_id", "hold_key"));
    JdbcPagingItemReader<HoldRow> reader = new JdbcPagingItemReader<>(dataSource, query);
    reader.setName("stale-holds");
    reader.setPageSize(chunkSize);
    reader.setParameterValues(Map.of("cutoff", Timestamp.from(cutoff)));
    reader.setRowMapper(
        (rs, n) ->
            new HoldRow(
                rs.getString("tenant_id"),
                rs.getString("hold_key"),
                rs.getLong("amount_millis"),
                rs.getTimestamp("created_at").toInstant()));
    initialize(reader);
    long expected =
        jdbc.sql("select count(*) from credit_holds where status = 'open' and created_at < ?")
            .param(Timestamp.from(cutoff))
            .query(Long.class)
            .single();
    return new StepBuilder("stale-holds", context.repository())
        .<HoldRow, Finding>chunk(chunkSize)
        .reader(reader)
        .processor(
            hold ->
                new Finding(
                    Finding.STALE_RESERVATION,
                    hold.tenant() + "/" + hold.holdKey(),
                    hold.tenant(),
                    0L,
                    hold.amount(),
                    "hold "
                        + hold.holdKey()
                        + " of "
                        + Credits.ofMillis(hold.amount())
                        + " credits open since "
                        + hold.createdAt()
                        + ", longer than the longest job lifetime ("
                        + longestJobLifetime
                        + ")"))
        .writer(findings())
        .transactionManager(context.transactionManager())
        .listener(context.progress(1, "stale-holds", expected))
        .build();
  }

  /** Writes a chunk's findings in the chunk's transaction; a repeat of a finding is a no-op. */
  private ItemWriter<Finding> findings() {
    return (Chunk<? extends Finding> chunk) -> {
      for (Finding f : chunk) {
        jdbc.sql(
                """
            insert into reconciliation_findings
              (run_id, check_name, subject, tenant_id, expected_millis, actual_millis, detail)
            values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
            .params(
                runId,
                f.check(),
                f.subject(),
                f.tenant(),
                f.expectedMillis(),
                f.actualMillis(),
                f.detail())
            .update();
      }
    };
  }

  private static void initialize(JdbcPagingItemReader<?> reader) {
    try {
      reader.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException("reconciliation reader " + reader, e);
    }
  }

  private static Map<String, Order> sortedBy(String... keys) {
    Map<String, Order> order = new LinkedHashMap<>();
    for (String key : keys) {
      order.put(key, Order.ASCENDING);
    }
    return order;
  }
}
