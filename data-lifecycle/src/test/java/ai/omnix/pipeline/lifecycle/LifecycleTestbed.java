package ai.omnix.pipeline.lifecycle;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import ai.omnix.pipeline.storage.s3.S3BlobStore;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.audit.JdbcAuditLog;
import ai.omnix.pipeline.store.hold.JdbcLegalHolds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One test's world: a fresh database with every migration on the path (so a run sees only this
 * test's data), the real JDBC stores, a Spring Batch JDBC repository, a settable clock, a local
 * disk backend and an S3 backend (S3Proxy).
 */
public final class LifecycleTestbed {
  public final StoreFixture store = new StoreFixture();
  public final JdbcClient jdbc = store.jdbc;
  public final DataSourceTransactionManager tx = new DataSourceTransactionManager(store.dataSource);
  public final AssetRepository assets = new AssetRepository(jdbc, store.clock);
  public final JdbcLegalHolds holds =
      new JdbcLegalHolds(jdbc, new TransactionTemplate(tx), store.clock);
  public final JdbcAuditLog audit =
      new JdbcAuditLog(jdbc, new TransactionTemplate(tx), store.clock);
  public final LocalBlobStore local;
  public final S3BlobStore s3;
  public final PipelineBatchRunner runner;

  public LifecycleTestbed(Path localRoot) throws Exception {
    local = new LocalBlobStore(new LocalBlobStoreConfig(localRoot));
    s3 = S3Sandbox.store("run-" + UUID.randomUUID());
    JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
    factory.setDataSource(store.dataSource);
    factory.setTransactionManager(tx);
    factory.afterPropertiesSet();
    JobRepository repository = factory.getObject();
    TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    operator.setJobRepository(repository);
    operator.setJobRegistry(new MapJobRegistry());
    operator.setTaskExecutor(new SyncTaskExecutor());
    operator.afterPropertiesSet();
    runner = new PipelineBatchRunner(operator, repository, tx);
  }

  public BlobBackends backends() {
    return new BlobBackends(List.of(local, s3));
  }

  public Tenant aTenant() {
    return store.aTenant(Plan.FREE);
  }

  /** Stores {@code content} on {@code backend} and records it as the tenant's asset. */
  public AssetRecord anAsset(
      BlobStore backend, Tenant tenant, String sourceId, AssetRetention retention, String content)
      throws IOException {
    String id = AssetRepository.newId();
    BlobKey key = AssetRepository.blobKey(tenant.id(), id);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    backend.put(key, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
    return assets.insert(
        new AssetRepository.NewAsset(
                id,
                tenant.id(),
                key,
                backend.backend(),
                "f.txt",
                "text/plain",
                bytes.length,
                "x",
                sourceId,
                null,
                null,
                Map.of())
            .withRetention(retention));
  }

  public String assetStatus(String id) {
    return jdbc.sql("select status from assets where id = ?")
        .param(id)
        .query(String.class)
        .single();
  }

  /** What a worker killed with -9 leaves of the batch run of {@code pipelineJobId}. */
  public void leaveBatchStartedAsAKilledWorkerWould(UUID pipelineJobId) {
    jdbc.sql(
            """
        update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null
        where job_execution_id in (select job_execution_id from batch_job_execution_params
          where parameter_name = 'pipeline.job_id' and parameter_value = ?)""")
        .param(pipelineJobId.toString())
        .update();
    jdbc.sql(
            """
        update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null
        where status = 'FAILED' and job_execution_id in (select job_execution_id from batch_job_execution_params
          where parameter_name = 'pipeline.job_id' and parameter_value = ?)""")
        .param(pipelineJobId.toString())
        .update();
  }
}
