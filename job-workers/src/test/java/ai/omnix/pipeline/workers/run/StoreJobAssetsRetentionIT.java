package ai.omnix.pipeline.workers.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.retention.JdbcRetentionPolicies;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** An output's retention is decided where it is written: from its source and the job's params. */
class StoreJobAssetsRetentionIT {
  private static final StoreFixture store = new StoreFixture();
  private final AssetRepository assets = new AssetRepository(store.jdbc, store.clock);
  private final JdbcRetentionPolicies policies =
      new JdbcRetentionPolicies(
          store.jdbc,
          new TransactionTemplate(new DataSourceTransactionManager(store.dataSource)),
          store.clock);

  @TempDir Path root;

  private String upload(Tenant tenant, AssetRetention retention) {
    String id = AssetRepository.newId();
    return assets
        .insert(
            new AssetRepository.NewAsset(
                    id,
                    tenant.id(),
                    AssetRepository.blobKey(tenant.id(), id),
                    "local",
                    "in.txt",
                    "text/plain",
                    2,
                    "x",
                    null,
                    null,
                    null,
                    Map.of())
                .withRetention(retention))
        .id();
  }

  private JobId aJob(Tenant tenant, String source, String retention) {
    Map<String, Object> params = new HashMap<>();
    if (retention != null) {
      params.put("retention", retention);
    }
    return ((JobSubmissions.Created)
            store.jobs.insert(
                StoreFixture.aNewJob(
                    tenant,
                    new JobSubmission(
                        "noop",
                        source == null ? JobInput.none() : JobInput.asset(source),
                        params,
                        null,
                        Map.of(),
                        0),
                    QueueClass.LIGHT)))
        .job()
        .id();
  }

  private AssetRetention write(Tenant tenant, JobId job, String source) throws Exception {
    JobAssets outputs =
        new StoreJobAssets(
            assets,
            new LocalBlobStore(new LocalBlobStoreConfig(root)),
            tenant.id(),
            job,
            policies,
            store.clock);
    String id =
        outputs
            .write(
                "out.txt",
                source,
                new ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8)),
                2,
                "text/plain")
            .id();
    return assets.find(tenant.id(), id).orElseThrow().retention();
  }

  @Test
  void anOutputOfATemporaryUploadGoesWithIt() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    Instant uploaded = store.clock.instant();
    String source = upload(tenant, AssetRetention.temporary(uploaded));
    store.clock.advance(Duration.ofHours(2));

    assertThat(write(tenant, aJob(tenant, source, null), source))
        .isEqualTo(AssetRetention.temporary(uploaded));
  }

  @Test
  void theJobMayKeepOutputsByPolicyOrMakeThemTemporary() throws Exception {
    Tenant tenant = store.aTenant(Plan.STUDENT);
    String temporary = upload(tenant, AssetRetention.temporary(store.clock.instant()));
    String kept = upload(tenant, AssetRetention.policy());
    store.clock.advance(Duration.ofHours(1));
    Instant now = store.clock.instant();

    assertThat(write(tenant, aJob(tenant, temporary, "policy"), temporary))
        .isEqualTo(new AssetRetention(AssetRetention.Mode.POLICY, now.plus(Duration.ofDays(90))));
    assertThat(write(tenant, aJob(tenant, kept, "temporary"), kept))
        .isEqualTo(AssetRetention.temporary(now));
  }

  @Test
  void aGeneratedFileFollowsThePolicy() throws Exception {
    Tenant tenant = store.aTenant(Plan.FREE);
    Instant now = store.clock.instant();

    assertThat(write(tenant, aJob(tenant, null, null), null))
        .isEqualTo(new AssetRetention(AssetRetention.Mode.POLICY, now.plus(Duration.ofDays(30))));
  }
}
