package ai.omnix.pipeline.workers.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's outputs land in storage with lineage; a re-run replaces them instead of adding twins. */
class StoreJobAssetsIT {
  private static final StoreFixture store = new StoreFixture();
  private final AssetRepository assets = new AssetRepository(store.jdbc, store.clock);

  @TempDir Path root;

  private static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesOutputsWithLineageAndReplacesThemOnARerun() throws Exception {
    LocalBlobStore blobs = new LocalBlobStore(new LocalBlobStoreConfig(root));
    Tenant tenant = store.aTenant(Plan.PRO);
    JobId job = store.insert(tenant, QueueClass.LIGHT).job().id();
    String sourceId = AssetRepository.newId();
    var sourceKey = AssetRepository.blobKey(tenant.id(), sourceId);
    blobs.put(sourceKey, bytes("source"), 6, "text/plain");
    assets.insert(
        new AssetRepository.NewAsset(
            sourceId,
            tenant.id(),
            sourceKey,
            "local",
            "s.txt",
            "text/plain",
            6,
            "x",
            null,
            null,
            null,
            Map.of()));

    JobAssets firstAttempt = new StoreJobAssets(assets, blobs, tenant.id(), job);
    assertThat(firstAttempt.describe(sourceId).size()).isEqualTo(6);
    try (var in = firstAttempt.open(sourceId)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("source");
    }
    firstAttempt.annotate(sourceId, "probe", Map.of("duration_s", 3.0));
    assertThat(assets.find(tenant.id(), sourceId).orElseThrow().metadata())
        .containsEntry("probe", Map.of("duration_s", 3.0));
    JobAssets.OutputAsset first =
        firstAttempt.write("thumbs/small.txt", sourceId, bytes("first"), -1, "text/plain");
    JobAssets.OutputAsset second =
        new StoreJobAssets(assets, blobs, tenant.id(), job)
            .write("thumbs/small.txt", sourceId, bytes("second try"), 10, "text/plain");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.size()).isEqualTo(10);
    var derivatives = assets.derivatives(tenant.id(), sourceId);
    assertThat(derivatives)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.asset().derivedByJobId()).isEqualTo(job.value());
              assertThat(d.asset().blobKey().value())
                  .startsWith("tenants/" + tenant.id().value() + "/jobs/" + job + "/");
            });
    try (var in = blobs.open(derivatives.get(0).asset().blobKey())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second try");
    }
  }

  @Test
  void anotherTenantsAssetIsNotAnInputAndOutputNamesCannotEscape() throws Exception {
    LocalBlobStore blobs = new LocalBlobStore(new LocalBlobStoreConfig(root));
    Tenant tenant = store.aTenant(Plan.PRO);
    Tenant other = store.aTenant(Plan.PRO);
    JobId job = store.insert(tenant, QueueClass.LIGHT).job().id();
    String foreign = AssetRepository.newId();
    assets.insert(
        new AssetRepository.NewAsset(
            foreign,
            other.id(),
            AssetRepository.blobKey(other.id(), foreign),
            "local",
            null,
            "text/plain",
            1,
            "x",
            null,
            null,
            null,
            Map.of()));
    JobAssets jobAssets = new StoreJobAssets(assets, blobs, tenant.id(), job);

    assertThatThrownBy(() -> jobAssets.describe(foreign))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("no longer exists");
    assertThatThrownBy(() -> jobAssets.write("../escape", null, bytes("x"), 1, "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> jobAssets.write("/abs", null, bytes("x"), 1, "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
