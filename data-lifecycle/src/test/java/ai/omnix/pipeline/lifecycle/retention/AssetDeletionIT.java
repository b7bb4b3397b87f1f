package ai.omnix.pipeline.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.FailingDeletes;
import ai.omnix.pipeline.lifecycle.LifecycleTestbed;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code asset-deletion}: one asset's lineage, and nothing else, deleted and verified gone on its
 * backends, resumed from the last committed chunk after the worker dies (real PostgreSQL, local
 * disk and S3 through S3Proxy, Spring Batch's JDBC repository).
 */
class AssetDeletionIT {
  @TempDir Path dir;
  private LifecycleTestbed bed;
  private Tenant tenant;

  @BeforeEach
  void setUp() throws Exception {
    bed = new LifecycleTestbed(dir.resolve("blobs"));
    // the tenant the test executions run as
    tenant = bed.store.tenants.create(new TenantId("test-tenant"), "Test", Plan.PRO);
  }

  private AssetDeletionJobHandler handler(BlobBackends backends) {
    return new AssetDeletionJobHandler(
        bed.runner, bed.store.dataSource, backends, bed.holds, bed.store.clock);
  }

  private TempDirJobExecution aRun(String assetId) throws Exception {
    return new TempDirJobExecution(
        AssetDeletionJobType.NAME,
        null,
        Map.of(AssetDeletionJobType.ASSET_ID, assetId, AssetDeletionJobType.CHUNK_SIZE, 4),
        new TempDirJobAssets(Files.createTempDirectory(dir, "run")));
  }

  @Test
  void deletesTheLineageOnlyAndResumesAfterTheWorkerDies() throws Exception {
    AssetRecord root = bed.anAsset(bed.s3, tenant, null, AssetRetention.policy(), "root");
    List<AssetRecord> lineage = new ArrayList<>(List.of(root));
    for (int i = 0; i < 10; i++) {
      AssetRecord child =
          bed.anAsset(bed.s3, tenant, root.id(), AssetRetention.policy(), "child " + i);
      lineage.add(child);
      lineage.add(
          bed.anAsset(bed.local, tenant, child.id(), AssetRetention.policy(), "grandchild " + i));
    }
    AssetRecord unrelated = bed.anAsset(bed.s3, tenant, null, AssetRetention.policy(), "other");
    Tenant stranger = bed.aTenant();
    AssetRecord strangers = bed.anAsset(bed.s3, stranger, null, AssetRetention.policy(), "theirs");
    // the API marks the asset itself deleted before it starts the job
    bed.assets.markDeleted(tenant.id(), root.id());

    TempDirJobExecution run = aRun(root.id());
    // chunks of 4 go deepest first: the local grandchildren, then the S3 children; the S3 store
    // dies at its third delete, inside the first chunk that uses it
    BlobBackends dying = new BlobBackends(List.of(bed.local, new FailingDeletes(bed.s3, 2)));
    assertThatThrownBy(() -> handler(dying).handle(run))
        .isInstanceOf(PipelineBatchRunner.BatchRunFailedException.class);
    long deletedBefore =
        lineage.stream().filter(a -> bed.assetStatus(a.id()).equals("deleted")).count();
    assertThat(deletedBefore).as("the committed chunks' rows and the root").isBetween(2L, 20L);
    bed.leaveBatchStartedAsAKilledWorkerWould(run.jobId().value());

    JobResult result = handler(bed.backends()).handle(run);

    assertThat(result.summary())
        .containsEntry("resumed", true)
        .containsEntry("held", 0L)
        .containsEntry("asset_id", root.id());
    assertThat((Long) result.summary().get("deleted") + (Long) result.summary().get("gone"))
        .isEqualTo(lineage.size());
    for (AssetRecord a : lineage) {
      assertThat(bed.assetStatus(a.id())).as(a.id()).isEqualTo("deleted");
      assertThat(("local".equals(a.backend()) ? bed.local : bed.s3).head(a.blobKey()))
          .as(a.id())
          .isEmpty();
    }
    assertThat(
            bed.jdbc
                .sql("select count(*) from lifecycle_run_items where run_id = ?")
                .param(run.jobId().value())
                .query(Long.class)
                .single())
        .as("each asset planned once")
        .isEqualTo(lineage.size());
    assertThat(bed.assetStatus(unrelated.id())).isEqualTo("ready");
    assertThat(bed.s3.head(unrelated.blobKey())).isPresent();
    assertThat(bed.assetStatus(strangers.id())).isEqualTo("ready");
    assertThat(bed.s3.head(strangers.blobKey())).isPresent();
  }

  @Test
  void aDerivativeHeldSinceTheRequestIsKept() throws Exception {
    AssetRecord root = bed.anAsset(bed.local, tenant, null, AssetRetention.policy(), "root");
    AssetRecord free = bed.anAsset(bed.local, tenant, root.id(), AssetRetention.policy(), "free");
    AssetRecord held = bed.anAsset(bed.local, tenant, root.id(), AssetRetention.policy(), "held");
    bed.assets.markDeleted(tenant.id(), root.id());
    bed.holds.place(
        tenant.id(), held.id(), "litigation", ai.omnix.pipeline.core.audit.Actor.system("test"));

    JobResult result = handler(bed.backends()).handle(aRun(root.id()));

    assertThat(result.summary()).containsEntry("held", 1L).containsEntry("deleted", 2L);
    assertThat(bed.assetStatus(held.id())).isEqualTo("ready");
    assertThat(bed.local.head(held.blobKey())).isPresent();
    assertThat(bed.local.head(free.blobKey())).isEmpty();
    assertThat(bed.local.head(root.blobKey())).isEmpty();
  }
}
