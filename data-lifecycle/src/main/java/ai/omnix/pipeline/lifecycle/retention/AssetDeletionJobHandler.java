package ai.omnix.pipeline.lifecycle.retention;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs an {@code asset-deletion} job: the lineage run of {@link RetentionBatchJob} (plan, then
 * chunks that delete each blob, verify it gone and mark its row deleted), resumed from its last
 * committed chunk on a retry. The result counts what went, what was already gone and what a legal
 * hold kept.
 */
public final class AssetDeletionJobHandler implements JobHandler {
  private static final int DEFAULT_CHUNK = 100;

  private final PipelineBatchRunner runner;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final BlobBackends backends;
  private final LegalHolds holds;
  private final Clock clock;

  public AssetDeletionJobHandler(
      PipelineBatchRunner runner,
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      Clock clock) {
    this.runner = runner;
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.backends = backends;
    this.holds = holds;
    this.clock = clock;
  }

  @Override
  public String type() {
    return AssetDeletionJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = (String) execution.params().get(AssetDeletionJobType.ASSET_ID);
    int chunkSize =
        execution.params().get(AssetDeletionJobType.CHUNK_SIZE) instanceof Number n
            ? n.intValue()
            : DEFAULT_CHUNK;
    UUID runId = execution.jobId().value();
    RetentionBatchJob job =
        RetentionBatchJob.lineage(
            dataSource,
            backends,
            holds,
            clock,
            runId,
            chunkSize,
            new RetentionBatchJob.LineageRoot(execution.tenantId(), assetId));
    PipelineBatchRunner.Outcome outcome =
        runner.run(
            job, execution, Map.of(AssetDeletionJobType.ASSET_ID, assetId), Duration.ZERO, 1);
    execution.throwIfCanceled();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("asset_id", assetId);
    for (String state : new String[] {"deleted", "gone", "held"}) {
      summary.put(
          state,
          jdbc.sql(
                  "select count(*) from lifecycle_run_items where run_id = ? and kind = 'asset' "
                      + "and outcome = ?")
              .params(runId, state)
              .query(Long.class)
              .single());
    }
    summary.put(
        "bytes",
        jdbc.sql(
                "select coalesce(sum(bytes), 0) from lifecycle_run_items where run_id = ? "
                    + "and kind = 'asset' and outcome in ('deleted', 'gone')")
            .param(runId)
            .query(Long.class)
            .single());
    summary.put("resumed", outcome.resumed());
    return JobResult.of(summary);
  }
}
