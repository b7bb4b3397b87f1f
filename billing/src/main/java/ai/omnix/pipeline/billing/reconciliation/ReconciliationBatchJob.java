package ai.omnix.pipeline.billing.reconciliation;

import ai.omnix.pipeline.batch.BatchJobDefinition;
import ai.omnix.pipeline.batch.BatchRunContext;
import ai.omnix.pipeline.billing.audit.BillingAudit;
import ai.omnix.pipeline.billing.pricing.JobTypePricing;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *       lifetime}: no job or chat message can still be running for them. With {@code repair}, each
 *       is released (reserved → available) in the chunk's transaction, with an audit entry ({@code
 *       STALE_RESERVATION_RELEASED}); a resumed run finds it released and does not repeat it.
 *   <li>{@code ended-jobs-released}: every failed or canceled job's hold is closed (released, or
 *       settled at what its provider delivered), never left open.
 *   <li>{@code succeeded-jobs-settled}: every succeeded billable job with a hold has exactly one
 *       settlement (reserved → revenue) equal to the price of its {@code credits.actual} (else its
 *       estimate), never more than the hold; none when that price is zero. Two settlements of one
 *       hold is a job billed twice.
 * </ol>
 *
 * Job rows and their holds are read by one statement each page, so a job ending meanwhile (its
 * status and its hold change in one transaction) is seen whole. Checks are limited to rows created
 * before {@code asOf}, so a resumed run reports the same as an uninterrupted one.
 */
final class ReconciliationBatchJob implements BatchJobDefinition {
  static final String NAME = "billing-reconciliation";

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final UUID runId;
  private final Instant asOf;
  private final Duration longestJobLifetime;
  private final int chunkSize;
  private final CreditLedger repairLedger;
  private final BillingAudit audit;

  /** Steps in order: the checks of the report. */
  static final List<String> STEPS =
      List.of("balances", "stale-holds", "ended-jobs-released", "succeeded-jobs-settled");

  /**
   * @param repairLedger the ledger stale holds are released through, or null to report only
   */
  ReconciliationBatchJob(
      DataSource dataSource,
      UUID runId,
      Instant asOf,
      Duration longestJobLifetime,
      int chunkSize,
      CreditLedger repairLedger,
      BillingAudit audit) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.runId = runId;
    this.asOf = asOf;
    this.longestJobLifetime = longestJobLifetime;
    this.chunkSize = chunkSize;
    this.repairLedger = repairLedger;
    this.audit = audit;
  }

  /** The check (finding kind) each step reports under. */
  static String checkOf(String step) {
    return switch (step) {
      case "balances" -> Finding.BALANCE_MATCHES_ENTRIES;
      case "stale-holds" -> Finding.STALE_RESERVATION;
      case "ended-jobs-released" -> Finding.RESERVATION_RELEASED;
      case "succeeded-jobs-settled" -> Finding.SETTLEMENT_MATCHES_ACTUAL;
      default -> throw new IllegalArgumentException("no check for step " + step);
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  private record BalanceRow(
      String tenant, long available, long reserved, long entriesAvailable, long entriesReserved) {}

  private record HoldRow(String tenant, String holdKey, long amount, Instant createdAt) {}

  record JobHoldRow(
      UUID job,
      String tenant,
      String type,
      String status,
      long estimate,
      Long actual,
      String count,
      String holdStatus,
      long held,
      long settlements,
      long settled) {}

  @Override
  public Job build(BatchRunContext context) {
    return new JobBuilder(NAME, context.repository())
        .start(balances(context))
        .next(staleHolds(context))
        .next(endedJobs(context, 2, "ended-jobs-released", "('failed', 'canceled')"))
        .next(endedJobs(context, 3, "succeeded-jobs-settled", "('succeeded')"))
        .build();
  }

  private Step balances(BatchRunContext context) {
    PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
    // a plain join, not a derived table, so each page is an index range scan from the last key;
    // "tenant_id" is unambiguous at this level (only credit_balances has one)
    query.setSelectClause(
        """
        b.tenant_id as tenant_id, b.available_millis as available_millis,
        b.reserved_millis as reserved_millis, coalesce(s.available, 0) as entries_available,
        coalesce(s.reserved, 0) as entries_reserved""");
    query.setFromClause(
        """
        credit_balances b left join lateral (
          select sum(case when credit_account = 'available' then amount_millis
                          when debit_account = 'available' then -amount_millis else 0 end) as available,
                 sum(case when credit_account = 'reserved' then amount_millis
                          when debit_account = 'reserved' then -amount_millis else 0 end) as reserved
          from ledger_entries e where e.tenant_id = b.tenant_id) s on true""");
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
        .writer(repairLedger == null ? findings() : releasing(findings()))
        .transactionManager(context.transactionManager())
        .listener(context.progress(1, "stale-holds", expected))
        .build();
  }

  /**
   * Releases each stale hold of the chunk and records it in the audit log, then writes the
   * findings, all in the chunk's transaction (the ledger joins it).
   */
  private ItemWriter<Finding> releasing(ItemWriter<Finding> findings) {
    return (Chunk<? extends Finding> chunk) -> {
      List<Finding> marked = new ArrayList<>();
      for (Finding f : chunk) {
        String holdKey = f.subject().substring(f.tenant().length() + 1);
        TenantId tenant = new TenantId(f.tenant());
        // a hold closed since it was read (its job ended after all) is not this run's to release
        if (repairLedger.hold(tenant, holdKey).map(Hold::status).orElse(null) != Hold.Status.OPEN) {
          marked.add(f);
          continue;
        }
        Hold hold = repairLedger.release(tenant, holdKey);
        {
          audit.record(
              BillingAudit.Event.STALE_RESERVATION_RELEASED,
              tenant,
              "billing-reconciliation",
              holdKey,
              Map.of(
                  "amount", hold.amount().toString(),
                  "created_at", hold.createdAt().toString(),
                  "run_id", runId.toString()));
        }
        marked.add(f.asRepaired());
      }
      findings.write(new Chunk<>(marked));
    };
  }

  private Step endedJobs(BatchRunContext context, int index, String step, String statuses) {
    JobHoldReader reader = new JobHoldReader(dataSource, step, statuses, asOf, chunkSize);
    long expected =
        jdbc.sql(
                """
            select count(*) from jobs j
            join credit_holds h on h.tenant_id = j.tenant_id and h.hold_key = 'job:' || j.id::text
            where j.status in %s and j.created_at < ?"""
                    .formatted(statuses))
            .param(Timestamp.from(asOf))
            .query(Long.class)
            .single();
    return new StepBuilder(step, context.repository())
        .<JobHoldRow, Finding>chunk(chunkSize)
        .reader(reader)
        .processor(ReconciliationBatchJob::checkJob)
        .writer(findings())
        .transactionManager(context.transactionManager())
        .listener(context.progress(index, step, expected))
        .build();
  }

  /** What one ended job's hold should show, against what it shows: a pure function of the row. */
  static Finding checkJob(JobHoldRow row) {
    String subject = row.job().toString();
    if (!row.status().equals("succeeded")) {
      if (!"open".equals(row.holdStatus())) {
        return null;
      }
      return new Finding(
          Finding.RESERVATION_RELEASED,
          subject,
          row.tenant(),
          0L,
          row.held(),
          "job "
              + subject
              + " ended "
              + row.status()
              + " but its hold of "
              + Credits.ofMillis(row.held())
              + " credits is still open");
    }
    Optional<Feature> feature =
        JobTypePricing.feature(row.type()).filter(f -> f != Feature.INTERNAL);
    long units = row.actual() != null ? row.actual() : row.estimate();
    long expected =
        feature.isEmpty() || units < 0
            ? 0
            : JobTypePricing.priceOf(feature.get(), units, count(feature.get(), row.count()))
                .min(Credits.ofMillis(row.held()))
                .millis();
    long expectedSettlements = expected > 0 ? 1 : 0;
    if (!"open".equals(row.holdStatus())
        && row.settlements() == expectedSettlements
        && row.settled() == expected) {
      return null;
    }
    return new Finding(
        Finding.SETTLEMENT_MATCHES_ACTUAL,
        subject,
        row.tenant(),
        expected,
        row.settled(),
        "job "
            + subject
            + " succeeded using "
            + (row.actual() != null ? row.actual() + " units" : "its estimate")
            + ": expected "
            + expectedSettlements
            + " settlement of "
            + Credits.ofMillis(expected)
            + " credits, found "
            + row.settlements()
            + " of "
            + Credits.ofMillis(row.settled())
            + " in all"
            + ("open".equals(row.holdStatus()) ? " and the hold still open" : ""));
  }

  /** Units a job is sold in, as the escrow counts them: the images of one generation. */
  private static long count(Feature feature, String count) {
    if (feature != Feature.IMAGE || count == null) {
      return 1;
    }
    try {
      return Math.max(1, Math.min(Long.parseLong(count), 100));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Writes a chunk's findings in the chunk's transaction; a repeat of a finding is a no-op. */
  private ItemWriter<Finding> findings() {
    return (Chunk<? extends Finding> chunk) -> {
      for (Finding f : chunk) {
        jdbc.sql(
                """
            insert into reconciliation_findings
              (run_id, check_name, subject, tenant_id, expected_millis, actual_millis, detail, repaired)
            values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
            .params(
                runId,
                f.check(),
                f.subject(),
                f.tenant(),
                f.expectedMillis(),
                f.actualMillis(),
                f.detail(),
                f.repaired())
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
