package ai.omnix.pipeline.lifecycle.retention;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.store.json.Json;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs one retention run ({@link RetentionBatchJob}) and reports it: the summary (objects and bytes
 * per backend, job records redacted, conversations deleted, what legal holds kept), a JSON-lines
 * receipt asset (one line per object: asset id, tenant, backend, key, bytes, deleted_at) and the
 * {@code DATA_RETENTION_ENFORCED} audit event with the counts.
 *
 * <p>After the batch, local leftovers are swept ({@link ScratchSweeper}: tus uploads and job
 * workspaces older than their bound), counted in the summary's {@code scratch} and on the receipt's
 * last line; a dry run only counts them.
 *
 * <p>The moment the run judges expiry by ({@code as_of}) is fixed on its first attempt and kept in
 * the checkpoint, so a resumed run works through the same plan. The receipt is written from the
 * plan's rows after the batch completes, so it lists each object once however many attempts the run
 * took.
 */
public final class RetentionJobHandler implements JobHandler {
  static final String RECEIPT = "retention-receipt.jsonl";
  static final String PLAN = "retention-plan.jsonl";
  private static final int DEFAULT_CHUNK = 100;
  private static final Actor ACTOR = Actor.system(RetentionEnforcementJobType.NAME);

  private final PipelineBatchRunner runner;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final BlobBackends backends;
  private final LegalHolds holds;
  private final AuditLog audit;
  private final Clock clock;
  private final ScratchSweeper scratch;

  public RetentionJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      AuditLog audit,
      Clock clock) {
    this(runner, dataSource, backends, holds, audit, clock, new ScratchSweeper(List.of(), clock));
  }

  /**
   * @param scratch the local leftovers (tus uploads, job workspaces) this worker sweeps after the
   *     batch
   */
  public RetentionJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      AuditLog audit,
      Clock clock,
      ScratchSweeper scratch) {
    this.scratch = scratch;
    this.runner = runner;
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.backends = backends;
    this.holds = holds;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String type() {
    return RetentionEnforcementJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    Map<String, Object> checkpoint = new HashMap<>(execution.checkpoint());
    Instant asOf;
    if (checkpoint.get("as_of") instanceof String saved) {
      asOf = Instant.parse(saved);
    } else {
      asOf = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      checkpoint.put("as_of", asOf.toString());
      execution.saveCheckpoint(checkpoint);
    }
    boolean dryRun =
        Boolean.TRUE.equals(execution.params().get(RetentionEnforcementJobType.DRY_RUN));
    int chunkSize =
        execution.params().get(RetentionEnforcementJobType.CHUNK_SIZE) instanceof Number n
            ? n.intValue()
            : DEFAULT_CHUNK;
    long pauseMs =
        execution.params().get(RetentionEnforcementJobType.PAUSE_MS) instanceof Number n
            ? n.longValue()
            : 0;
    UUID runId = execution.jobId().value();
    RetentionBatchJob job =
        new RetentionBatchJob(dataSource, backends, holds, clock, runId, asOf, chunkSize, dryRun);
    PipelineBatchRunner.Outcome outcome =
        runner.run(
            job,
            execution,
            Map.of("as_of", asOf.toString()),
            Duration.ofMillis(pauseMs),
            dryRun ? 1 : RetentionBatchJob.CHUNK_STEPS);
    execution.throwIfCanceled();

    // idempotent: a re-run after a crash sweeps what the last attempt left (its counts then cover
    // this attempt's deletions only)
    Map<String, Object> scratchSwept = scratch.sweep(dryRun);

    Map<String, Object> summary = summary(runId, asOf, dryRun);
    summary.put("scratch", scratchSwept);
    summary.put("resumed", outcome.resumed());
    JobAssets.OutputAsset receipt = writeReceipt(execution, runId, dryRun, scratchSwept);
    summary.put("receipt_asset_id", receipt.id());

    if (!(checkpoint.get("audited") instanceof Boolean)) {
      audit.record(auditEvent(execution, summary, dryRun));
      checkpoint.put("audited", true);
      execution.saveCheckpoint(checkpoint);
    }
    return new JobResult(List.of(receipt.id()), summary);
  }

  /** Counts from the plan's rows: what went (or, in a dry run, would go) and what holds kept. */
  Map<String, Object> summary(UUID runId, Instant asOf, boolean dryRun) {
    Map<String, Object> byBackend = new LinkedHashMap<>();
    long objects = 0;
    long bytes = 0;
    for (Map<String, Object> row :
        jdbc.sql(
                """
            select backend, count(*) as objects, coalesce(sum(bytes), 0) as bytes from lifecycle_run_items
            where run_id = ? and kind = 'asset' and outcome is distinct from 'held'
            group by backend order by backend""")
            .param(runId)
            .query()
            .listOfRows()) {
      long n = ((Number) row.get("objects")).longValue();
      long b = ((Number) row.get("bytes")).longValue();
      objects += n;
      bytes += b;
      byBackend.put((String) row.get("backend"), Map.of("objects", n, "bytes", b));
    }
    Map<String, Object> assets = new LinkedHashMap<>();
    assets.put(dryRun ? "would_delete" : "deleted", objects);
    assets.put("bytes", bytes);
    assets.put("by_backend", byBackend);
    assets.put("held", count(runId, "asset", "held"));

    Map<String, Object> jobs = new LinkedHashMap<>();
    jobs.put(dryRun ? "would_redact" : "redacted", count(runId, "job", null));
    jobs.put("events_deleted", rowsRemoved(runId, "job"));
    jobs.put("held", count(runId, "job", "held"));

    Map<String, Object> conversations = new LinkedHashMap<>();
    conversations.put(dryRun ? "would_delete" : "deleted", count(runId, "conversation", null));
    conversations.put("messages_deleted", rowsRemoved(runId, "conversation"));
    conversations.put("held", count(runId, "conversation", "held"));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("as_of", asOf.toString());
    summary.put("dry_run", dryRun);
    summary.put("assets", assets);
    summary.put("jobs", jobs);
    summary.put("conversations", conversations);
    return summary;
  }

  /** Items of a kind with that outcome, or (outcome null) every item not held. */
  private long count(UUID runId, String kind, String outcome) {
    return jdbc.sql(
            outcome == null
                ? "select count(*) from lifecycle_run_items where run_id = ? and kind = ? "
                    + "and outcome is distinct from 'held'"
                : "select count(*) from lifecycle_run_items where run_id = ? and kind = ? and outcome = ?")
        .params(outcome == null ? List.of(runId, kind) : List.of(runId, kind, outcome))
        .query(Long.class)
        .single();
  }

  private long rowsRemoved(UUID runId, String kind) {
    return jdbc.sql(
            "select coalesce(sum(rows_removed), 0) from lifecycle_run_items where run_id = ? and kind = ?")
        .params(runId, kind)
        .query(Long.class)
        .single();
  }

  /** Streams the receipt (or a dry run's plan) from the rows into a file, then stores it. */
  private JobAssets.OutputAsset writeReceipt(
      JobExecution execution, UUID runId, boolean dryRun, Map<String, Object> scratchSwept)
      throws Exception {
    Path file = Files.createTempFile("retention-", ".jsonl");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        jdbc.sql(
                """
            select ref, tenant_id, backend, blob_key, bytes, done_at from lifecycle_run_items
            where run_id = ? and kind = 'asset' and outcome is distinct from 'held' order by seq""")
            .param(runId)
            .query(
                rs -> {
                  Map<String, Object> line = new LinkedHashMap<>();
                  line.put("asset_id", rs.getString("ref"));
                  line.put("tenant_id", rs.getString("tenant_id"));
                  line.put("backend", rs.getString("backend"));
                  line.put("key", rs.getString("blob_key"));
                  line.put("bytes", rs.getLong("bytes"));
                  Timestamp done = rs.getTimestamp("done_at");
                  line.put("deleted_at", done == null ? null : done.toInstant().toString());
                  try {
                    out.write(Json.write(line));
                    out.write('\n');
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        if (!scratchSwept.isEmpty()) {
          out.write(Json.write(Map.of("scratch", scratchSwept)));
          out.write('\n');
        }
      }
      try (InputStream in = Files.newInputStream(file)) {
        return execution
            .assets()
            .write(dryRun ? PLAN : RECEIPT, null, in, Files.size(file), "application/x-ndjson");
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @SuppressWarnings("unchecked")
  private AuditEvent auditEvent(
      JobExecution execution, Map<String, Object> summary, boolean dryRun) {
    Map<String, Object> assets = (Map<String, Object>) summary.get("assets");
    Map<String, Object> jobs = (Map<String, Object>) summary.get("jobs");
    Map<String, Object> conversations = (Map<String, Object>) summary.get("conversations");
    return AuditEvent.of(AuditEventType.DATA_RETENTION_ENFORCED, ACTOR)
        .tenant(execution.tenantId())
        .resource("job", execution.jobId().toString())
        .action(dryRun ? "dry_run" : "enforce")
        .with("as_of", summary.get("as_of"))
        .with("dry_run", dryRun)
        .with("assets", assets)
        .with("jobs", jobs)
        .with("conversations", conversations)
        .with("scratch", summary.get("scratch"))
        .with("receipt_asset_id", summary.get("receipt_asset_id"))
        .build();
  }
}
