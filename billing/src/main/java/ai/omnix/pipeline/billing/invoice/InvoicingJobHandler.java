package ai.omnix.pipeline.billing.invoice;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.document.TextPdfRenderer;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.store.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs {@link InvoicingBatchJob} for one month, then makes final every draft (of any month) whose
 * grace period has ended, and writes each of the month's invoices as {@code invoices/<tenant>.csv}
 * plus {@code invoices.json} for finance. The month is fixed on the first attempt (checkpoint), so
 * a resumed run invoices the same month.
 */
public final class InvoicingJobHandler implements JobHandler {
  private static final int DEFAULT_CHUNK = 200;
  private static final int MAX_FINALIZED_PER_RUN = 1_000_000;

  private final PipelineBatchRunner runner;
  private final DataSource dataSource;
  private final InvoiceStore store;
  private final TransactionTemplate tx;
  private final Duration grace;
  private final Clock clock;
  private final TextPdfRenderer pdf;

  /**
   * @param pdf lays invoices out as PDF (document-processing's PDFBox renderer), or null: then only
   *     CSV and JSON are written
   */
  public InvoicingJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      Duration grace,
      Clock clock,
      TextPdfRenderer pdf) {
    this.pdf = pdf;
    this.runner = runner;
    this.dataSource = dataSource;
    this.store = new InvoiceStore(JdbcClient.create(dataSource));
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.grace = grace;
    this.clock = clock;
  }

  @Override
  public String type() {
    return InvoicingJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    BillingPeriod period;
    if (execution.checkpoint().get("period") instanceof String saved) {
      period = BillingPeriod.parse(saved).orElseThrow();
    } else {
      period =
          execution.params().get(InvoicingJobType.PERIOD) instanceof String p
              ? BillingPeriod.parse(p).orElseThrow()
              : BillingPeriod.previous(clock.instant());
      Map<String, Object> checkpoint = new HashMap<>(execution.checkpoint());
      checkpoint.put("period", period.name());
      execution.saveCheckpoint(checkpoint);
    }
    int chunkSize =
        execution.params().get(InvoicingJobType.CHUNK_SIZE) instanceof Number n
            ? n.intValue()
            : DEFAULT_CHUNK;
    PipelineBatchRunner.Outcome outcome =
        runner.run(
            new InvoicingBatchJob(dataSource, period, chunkSize, clock),
            execution,
            Map.of("period", period.name()),
            Duration.ofMillis(
                execution.params().get(InvoicingJobType.PAUSE_MS) instanceof Number n
                    ? n.longValue()
                    : 0),
            1);
    execution.throwIfCanceled();
    int finalized = finalizeDue();

    List<Map<String, Object>> invoices = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Usd totalUsd = Usd.ZERO;
    Credits totalUsage = Credits.ZERO;
    for (InvoiceStore.Invoice invoice : store.ofPeriod(period.name())) {
      List<InvoiceContent.Line> lines = store.lines(invoice.id());
      String csv =
          InvoiceContent.csv(
              invoice.number(), invoice.period(), lines, InvoiceContent.totals(lines));
      outputs.add(
          write(execution, "invoices/" + invoice.tenant().value() + ".csv", csv, "text/csv").id());
      if (pdf != null) {
        byte[] document = pdf.render(title(invoice), InvoiceContent.text(invoice, lines));
        outputs.add(
            execution
                .assets()
                .write(
                    "invoices/" + invoice.tenant().value() + ".pdf",
                    null,
                    new ByteArrayInputStream(document),
                    document.length,
                    "application/pdf")
                .id());
      }
      invoices.add(InvoiceStore.wire(invoice));
      totalUsd = totalUsd.plus(invoice.totalUsd());
      totalUsage = totalUsage.plus(invoice.usage());
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("period", period.name());
    report.put("tax_note", InvoiceContent.TAX_NOTE);
    report.put("invoices", invoices);
    outputs.add(write(execution, "invoices.json", Json.write(report), "application/json").id());

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("period", period.name());
    summary.put("invoices", invoices.size());
    summary.put("finalized", finalized);
    summary.put("total_usd", InvoiceContent.usd(totalUsd));
    summary.put("total_usage_credits", totalUsage.toString());
    summary.put("resumed", outcome.resumed());
    return new JobResult(outputs, summary);
  }

  /** Drafts whose grace period ended become final, one transaction (and one number) each. */
  int finalizeDue() {
    Instant now = clock.instant();
    Instant dueBefore = now.minus(grace);
    int count = 0;
    while (count < MAX_FINALIZED_PER_RUN) {
      Optional<UUID> done = tx.execute(s -> store.finalizeNextDue(dueBefore, now));
      if (done == null || done.isEmpty()) {
        break;
      }
      count++;
    }
    return count;
  }

  /** The PDF's title: the number, or the draft's month. */
  public static String title(InvoiceStore.Invoice invoice) {
    return "OmniX invoice "
        + (invoice.number() != null ? invoice.number() : "DRAFT " + invoice.period());
  }

  private static JobAssets.OutputAsset write(
      JobExecution execution, String name, String content, String contentType) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return execution
        .assets()
        .write(name, null, new ByteArrayInputStream(bytes), bytes.length, contentType);
  }
}
