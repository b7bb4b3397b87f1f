package ai.omnix.pipeline.billing.reconciliation;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.billing.audit.BillingAudit;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
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
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs the reconciliation batch ({@link ReconciliationBatchJob}) for one pipeline job and turns its
 * findings into {@code reconciliation.csv}, {@code reconciliation.json} and a summary. The moment
 * the run looks at ({@code as_of}) is fixed on its first attempt and kept in the checkpoint, so a
 * resumed run checks against the same moment and produces the same report.
 */
public final class ReconciliationJobHandler implements JobHandler {
  private static final int DEFAULT_CHUNK = 500;

  private final PipelineBatchRunner runner;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Duration longestJobLifetime;
  private final Clock clock;
  private final CreditLedger ledger;
  private final BillingAudit audit;

  public ReconciliationJobHandler(
      PipelineBatchRunner runner, DataSource dataSource, Duration longestJobLifetime, Clock clock) {
    this(runner, dataSource, longestJobLifetime, clock, null, null);
  }

  /**
   * @param ledger what {@code repair: true} releases stale holds through (null: repair refused)
   * @param audit where each repair is recorded
   */
  public ReconciliationJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      Duration longestJobLifetime,
      Clock clock,
      CreditLedger ledger,
      BillingAudit audit) {
    this.runner = runner;
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.longestJobLifetime = longestJobLifetime;
    this.clock = clock;
    this.ledger = ledger;
    this.audit = audit;
  }

  @Override
  public String type() {
    return ReconciliationJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    Instant asOf;
    if (execution.checkpoint().get("as_of") instanceof String saved) {
      asOf = Instant.parse(saved);
    } else {
      asOf = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      Map<String, Object> checkpoint = new HashMap<>(execution.checkpoint());
      checkpoint.put("as_of", asOf.toString());
      execution.saveCheckpoint(checkpoint);
    }
    int chunkSize =
        execution.params().get(ReconciliationJobType.CHUNK_SIZE) instanceof Number n
            ? n.intValue()
            : DEFAULT_CHUNK;
    long pauseMs =
        execution.params().get(ReconciliationJobType.PAUSE_MS) instanceof Number n
            ? n.longValue()
            : 0;
    boolean repair = Boolean.TRUE.equals(execution.params().get(ReconciliationJobType.REPAIR));
    if (repair && (ledger == null || audit == null)) {
      throw new IllegalStateException("repair needs the ledger and the audit log");
    }
    ReconciliationBatchJob job =
        new ReconciliationBatchJob(
            dataSource,
            execution.jobId().value(),
            asOf,
            longestJobLifetime,
            chunkSize,
            repair ? ledger : null,
            audit);
    PipelineBatchRunner.Outcome outcome =
        runner.run(
            job,
            execution,
            Map.of("as_of", asOf.toString()),
            Duration.ofMillis(pauseMs),
            ReconciliationBatchJob.STEPS.size());
    execution.throwIfCanceled();

    List<Map<String, Object>> findings =
        jdbc.sql(
                """
            select check_name, subject, tenant_id, expected_millis, actual_millis, detail, repaired
            from reconciliation_findings where run_id = ? order by check_name, subject""")
            .param(execution.jobId().value())
            .query()
            .listOfRows();
    Map<String, Object> checks = new TreeMap<>();
    for (StepExecution step : outcome.execution().getStepExecutions()) {
      String check = ReconciliationBatchJob.checkOf(step.getStepName());
      // the reader's saved count spans restarts; it also counts the read that found the end
      long checked =
          step.getExecutionContext().get(step.getStepName() + ".read.count") instanceof Number n
              ? Math.max(0, n.longValue() - 1)
              : 0;
      long found = findings.stream().filter(f -> check.equals(f.get("check_name"))).count();
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("checked", checked);
      counts.put("discrepancies", found);
      long repaired =
          findings.stream()
              .filter(
                  f -> check.equals(f.get("check_name")) && Boolean.TRUE.equals(f.get("repaired")))
              .count();
      if (repaired > 0) {
        counts.put("repaired", repaired);
      }
      checks.put(check, counts);
    }
    JobAssets.OutputAsset csv = write(execution, "reconciliation.csv", csv(findings), "text/csv");
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("as_of", asOf.toString());
    report.put("longest_job_lifetime", longestJobLifetime.toString());
    report.put("checks", checks);
    report.put("findings", findings.stream().map(ReconciliationJobHandler::wire).toList());
    JobAssets.OutputAsset json =
        write(execution, "reconciliation.json", Json.write(report), "application/json");

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("as_of", asOf.toString());
    summary.put("discrepancies", findings.size());
    summary.put(
        "repaired", findings.stream().filter(f -> Boolean.TRUE.equals(f.get("repaired"))).count());
    summary.put("checks", checks);
    summary.put("resumed", outcome.resumed());
    return new JobResult(List.of(csv.id(), json.id()), summary);
  }

  private static JobAssets.OutputAsset write(
      JobExecution execution, String name, String content, String contentType) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return execution
        .assets()
        .write(name, null, new ByteArrayInputStream(bytes), bytes.length, contentType);
  }

  private static Map<String, Object> wire(Map<String, Object> row) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("check", row.get("check_name"));
    wire.put("subject", row.get("subject"));
    wire.put("tenant", row.get("tenant_id"));
    wire.put("expected_credits", credits(row.get("expected_millis")));
    wire.put("actual_credits", credits(row.get("actual_millis")));
    wire.put("detail", row.get("detail"));
    wire.put("repaired", Boolean.TRUE.equals(row.get("repaired")));
    return wire;
  }

  private static String credits(Object millis) {
    return millis == null ? null : Credits.ofMillis(((Number) millis).longValue()).toString();
  }

  static String csv(List<Map<String, Object>> findings) {
    StringBuilder out =
        new StringBuilder("check,subject,tenant,expected_credits,actual_credits,detail,repaired\n");
    for (Map<String, Object> row : findings) {
      Map<String, Object> w = wire(row);
      List<String> cells = new ArrayList<>();
      for (Object value : w.values()) {
        cells.add(cell(value));
      }
      out.append(String.join(",", cells)).append('\n');
    }
    return out.toString();
  }

  /** RFC 4180 quoting; a leading formula character is defused for spreadsheets. */
  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?")) {
      s = "'" + s;
    }
    return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
