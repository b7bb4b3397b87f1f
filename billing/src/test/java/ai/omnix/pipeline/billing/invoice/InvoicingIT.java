package ai.omnix.pipeline.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.billing.BillingFixture;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.document.pdf.PdfBoxTextRenderer;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The invoicing run on a real Spring Batch repository and PostgreSQL: totals tie to the ledger,
 * re-runs add nothing, drafts become final after the grace period on a settable clock with gapless
 * numbers, and a final invoice cannot change. Each test invoices a month of its own.
 */
class InvoicingIT {
  private static final BillingFixture DB = new BillingFixture();
  private static final DataSourceTransactionManager TX =
      new DataSourceTransactionManager(DB.dataSource);
  private static final JobRepository REPOSITORY = repository();
  private static final PipelineBatchRunner RUNNER =
      new PipelineBatchRunner(operator(), REPOSITORY, TX);

  private final InvoicingJobHandler handler =
      new InvoicingJobHandler(
          RUNNER, DB.dataSource, Duration.ofHours(72), DB.clock, new PdfBoxTextRenderer());
  private final InvoiceStore store = new InvoiceStore(DB.jdbc);

  @TempDir Path dir;

  private TempDirJobAssets assets;

  private JobResult run(String period) throws Exception {
    assets = new TempDirJobAssets(dir);
    return handler.handle(
        new TempDirJobExecution("invoicing", null, Map.of("period", period), assets));
  }

  /** A month of activity: a $10 package, a grant, jobs settled (and one released). */
  private TenantId anActiveTenant(String month) {
    TenantId tenant = DB.aTenant(Plan.PRO);
    DB.clock.set(Instant.parse(month + "-05T10:00:00Z"));
    DB.ledger.purchase(tenant, "pi_" + UUID.randomUUID(), Credits.of(100), "pi");
    DB.ledger.grant(tenant, "g_" + UUID.randomUUID(), Credits.parse("2.5"), "support");
    for (String charge : List.of("1.5", "0.6", "30")) {
      String key = "job:" + UUID.randomUUID();
      DB.ledger.reserve(tenant, key, Credits.of(30), key);
      DB.ledger.settle(tenant, key, Credits.parse(charge));
    }
    String released = "job:" + UUID.randomUUID();
    DB.ledger.reserve(tenant, released, Credits.of(5), released);
    DB.ledger.release(tenant, released);
    return tenant;
  }

  private long ledgerSum(TenantId tenant, String kind, String month) {
    Instant start = Instant.parse(month + "-01T00:00:00Z");
    return DB.jdbc
        .sql(
            """
            select coalesce(sum(amount_millis), 0) from ledger_entries
            where tenant_id = ? and kind = ? and created_at >= ? and created_at < ?""")
        .params(
            tenant.value(),
            kind,
            java.sql.Timestamp.from(start),
            java.sql.Timestamp.from(
                start.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant()))
        .query(Long.class)
        .single();
  }

  @Test
  void eachActiveTenantGetsOneInvoiceWhoseTotalsEqualTheLedger() throws Exception {
    TenantId a = anActiveTenant("2026-01");
    TenantId b = anActiveTenant("2026-01");
    DB.aTenant(Plan.PRO); // no activity: no invoice
    DB.clock.set(Instant.parse("2026-02-01T04:00:00Z"));

    JobResult result = run("2026-01");

    List<InvoiceStore.Invoice> invoices = store.ofPeriod("2026-01");
    assertThat(invoices).extracting(InvoiceStore.Invoice::tenant).containsExactlyInAnyOrder(a, b);
    for (InvoiceStore.Invoice invoice : invoices) {
      TenantId t = invoice.tenant();
      assertThat(invoice.usage().millis()).isEqualTo(ledgerSum(t, "settle", "2026-01"));
      assertThat(invoice.purchased().millis()).isEqualTo(ledgerSum(t, "purchase", "2026-01"));
      assertThat(invoice.granted().millis()).isEqualTo(ledgerSum(t, "grant", "2026-01"));
      assertThat(invoice.usage()).isEqualTo(Credits.parse("32.1"));
      assertThat(InvoiceContent.usd(invoice.totalUsd())).isEqualTo("10.00");
      assertThat(invoice.status()).isEqualTo("draft");
      List<InvoiceContent.Line> lines = store.lines(invoice.id());
      assertThat(lines)
          .extracting(InvoiceContent.Line::kind)
          .containsExactly(
              InvoiceContent.Kind.CREDIT_PACKAGE,
              InvoiceContent.Kind.USAGE,
              InvoiceContent.Kind.GRANT);
      assertThat(lines.get(1).quantity()).isEqualTo(3);
    }
    assertThat(result.summary())
        .containsEntry("invoices", 2)
        .containsEntry("total_usd", "20.00")
        .containsEntry("total_usage_credits", "64.200");
    Path csv = assets.outputs().get("invoices/" + a.value() + ".csv").file();
    assertThat(Files.readString(csv)).contains("total_usd,,,,10.00", "32.100");
    Path pdf = assets.outputs().get("invoices/" + a.value() + ".pdf").file();
    try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf))) {
      assertThat(new PDFTextStripper().getText(document))
          .contains(
              "Tenant: " + a.value(),
              "Total USD: 10.00",
              "Credits used: 32.100",
              "Credits bought: 100.000",
              InvoiceContent.TAX_NOTE);
    }
  }

  @Test
  void runningAMonthAgainAddsNoInvoiceAndNoLine() throws Exception {
    anActiveTenant("2026-02");
    anActiveTenant("2026-02");
    DB.clock.set(Instant.parse("2026-03-01T04:00:00Z"));
    run("2026-02");
    List<InvoiceStore.Invoice> first = store.ofPeriod("2026-02");
    long lines = countLines("2026-02");

    run("2026-02");
    run("2026-02");

    assertThat(store.ofPeriod("2026-02"))
        .extracting(InvoiceStore.Invoice::id)
        .containsExactlyInAnyOrderElementsOf(first.stream().map(InvoiceStore.Invoice::id).toList());
    assertThat(countLines("2026-02")).isEqualTo(lines).isPositive();
  }

  @Test
  void aDraftTakesAdjustmentsDuringTheGraceAndThenBecomesFinalNumberedAndImmutable()
      throws Exception {
    TenantId tenant = anActiveTenant("2026-05");
    anActiveTenant("2026-05");
    DB.clock.set(Instant.parse("2026-06-01T04:00:00Z"));
    run("2026-05");
    InvoiceStore.Invoice draft =
        store.ofPeriod("2026-05").stream()
            .filter(i -> i.tenant().equals(tenant))
            .findFirst()
            .orElseThrow();
    assertThat(draft.status()).isEqualTo("draft");
    assertThat(draft.number()).isNull();

    // an adjustment dated in May (a late settlement booked at month end) shows on the draft
    DB.clock.set(Instant.parse("2026-05-31T23:59:59Z"));
    String late = "job:" + UUID.randomUUID();
    DB.ledger.reserve(tenant, late, Credits.of(2), late);
    DB.ledger.settle(tenant, late, Credits.of(2));
    DB.clock.set(Instant.parse("2026-06-03T23:00:00Z"));
    run("2026-05");
    InvoiceStore.Invoice adjusted = store.find(draft.id()).orElseThrow();
    assertThat(adjusted.status()).isEqualTo("draft");
    assertThat(adjusted.usage()).isEqualTo(Credits.parse("34.1"));

    // 72 h after the month ended
    DB.clock.set(Instant.parse("2026-06-04T00:00:00Z"));
    JobResult result = run("2026-05");
    InvoiceStore.Invoice fin = store.find(draft.id()).orElseThrow();
    assertThat(fin.status()).isEqualTo("final");
    assertThat(fin.number()).matches("INV-2026-\\d{6}");
    assertThat(((Number) result.summary().get("finalized")).intValue()).isPositive();
    assertThat(fin.usage()).isEqualTo(Credits.parse("34.1"));

    // every final invoice of 2026 is numbered 1..n without a gap
    List<String> numbers =
        DB.jdbc
            .sql("select number from invoices where number like 'INV-2026-%' order by number")
            .query(String.class)
            .list();
    for (int i = 0; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).isEqualTo("INV-2026-%06d".formatted(i + 1));
    }

    // final is final: neither the invoice nor its lines change, even by hand
    assertThatThrownBy(
            () ->
                DB.jdbc
                    .sql("update invoices set usage_millis = 0 where id = ?")
                    .param(fin.id())
                    .update())
        .hasMessageContaining("is final");
    assertThatThrownBy(
            () ->
                DB.jdbc
                    .sql("delete from invoice_lines where invoice_id = ?")
                    .param(fin.id())
                    .update())
        .hasMessageContaining("is final");
    // and a later run leaves it as it was
    String later = "job:" + UUID.randomUUID();
    DB.clock.set(Instant.parse("2026-05-31T23:59:59Z"));
    DB.ledger.reserve(tenant, later, Credits.of(1), later);
    DB.ledger.settle(tenant, later, Credits.of(1));
    DB.clock.set(Instant.parse("2026-06-10T00:00:00Z"));
    run("2026-05");
    assertThat(store.find(draft.id()).orElseThrow().usage()).isEqualTo(Credits.parse("34.1"));
  }

  @Test
  void aMidMonthPlanChangeIsProratedOnThatMonthsInvoiceAndTheTotalIsTheSumOfTheLines()
      throws Exception {
    // a tenant whose only activity in July 2026 (31 days) is a change from pro to team × 3
    TenantId tenant = DB.aTenant(Plan.PRO);
    ai.omnix.pipeline.billing.plan.TenantBilling terms =
        new ai.omnix.pipeline.billing.plan.TenantBilling(DB.jdbc, DB.clock);
    ai.omnix.pipeline.billing.plan.PlanChanges changes =
        new ai.omnix.pipeline.billing.plan.PlanChanges(DB.jdbc, terms, DB.clock);
    DB.clock.set(Instant.parse("2026-07-16T12:00:00Z"));
    var change = DB.tx.execute(s -> changes.change(tenant, Plan.TEAM, 3, "admin")).orElseThrow();
    assertThat(change.proration().unusedCreditCents()).isEqualTo(1000);
    assertThat(change.proration().newChargeCents()).isEqualTo(7499);
    DB.clock.set(Instant.parse("2026-08-01T04:00:00Z"));

    run("2026-07");

    InvoiceStore.Invoice invoice =
        store.ofPeriod("2026-07").stream()
            .filter(i -> i.tenant().equals(tenant))
            .findFirst()
            .orElseThrow();
    List<InvoiceContent.Line> lines = store.lines(invoice.id());
    assertThat(lines)
        .extracting(InvoiceContent.Line::kind, l -> InvoiceContent.usd(l.usd()))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(InvoiceContent.Kind.SUBSCRIPTION, "19.99"),
            org.assertj.core.groups.Tuple.tuple(InvoiceContent.Kind.PRORATION, "-10.00"),
            org.assertj.core.groups.Tuple.tuple(InvoiceContent.Kind.PRORATION, "74.99"));
    assertThat(lines.get(2).description()).contains("team plan × 3 seats", "2026-07-16");
    // 19.99 − 10.00 + 74.99: half a month of pro and half a month of three team seats
    assertThat(InvoiceContent.usd(invoice.totalUsd())).isEqualTo("84.98");
    Path pdf = assets.outputs().get("invoices/" + tenant.value() + ".pdf").file();
    try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf))) {
      assertThat(new PDFTextStripper().getText(document))
          .contains(
              "proration | Unused time on OmniX pro plan from 2026-07-16", "Total USD: 84.98");
    }
    // re-running the month adds no line
    run("2026-07");
    assertThat(store.lines(invoice.id())).hasSize(3);
  }

  private long countLines(String period) {
    return DB.jdbc
        .sql(
            "select count(*) from invoice_lines l join invoices i on i.id = l.invoice_id where i.period = ?")
        .param(period)
        .query(Long.class)
        .single();
  }

  private static JobRepository repository() {
    try {
      JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
      factory.setDataSource(DB.dataSource);
      factory.setTransactionManager(TX);
      factory.afterPropertiesSet();
      return factory.getObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TaskExecutorJobOperator operator() {
    try {
      TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
      operator.setJobRepository(REPOSITORY);
      operator.setJobRegistry(new MapJobRegistry());
      operator.setTaskExecutor(new SyncTaskExecutor());
      operator.afterPropertiesSet();
      return operator;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
