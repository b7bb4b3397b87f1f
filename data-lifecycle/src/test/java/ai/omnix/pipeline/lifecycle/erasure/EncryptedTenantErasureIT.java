package ai.omnix.pipeline.lifecycle.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.FailingDeletes;
import ai.omnix.pipeline.lifecycle.LifecycleTestbed;
import ai.omnix.pipeline.storage.crypto.DataKeys;
import ai.omnix.pipeline.storage.crypto.MasterKey;
import ai.omnix.pipeline.storage.crypto.PostgresDataKeyStore;
import ai.omnix.pipeline.storage.crypto.TinkEncryptingBlobStore;
import ai.omnix.pipeline.storage.gcs.GcsBlobStore;
import ai.omnix.pipeline.storage.gcs.GcsBlobStoreConfig;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure with encrypted local blobs (data keys in the real PostgreSQL) next to S3 (S3Proxy) and
 * GCS (google-cloud-nio's in-memory fake): the key goes first, a restored copy stays unreadable.
 */
class EncryptedTenantErasureIT {
  @TempDir Path dir;
  @TempDir Path backup;
  private LifecycleTestbed bed;
  private DataKeys keys;
  private TinkEncryptingBlobStore encrypted;
  private GcsBlobStore gcs;

  @BeforeEach
  void setUp() throws Exception {
    bed = new LifecycleTestbed(dir.resolve("blobs"));
    keys =
        new DataKeys(
            new PostgresDataKeyStore(bed.store.dataSource),
            MasterKey.fromBase64(MasterKey.generateBase64()),
            bed.store.clock,
            Duration.ofMinutes(1));
    encrypted = new TinkEncryptingBlobStore(bed.local, keys);
    gcs =
        new GcsBlobStore(
            LocalStorageHelper.getOptions().getService(),
            GcsBlobStoreConfig.of("omnix-" + UUID.randomUUID()));
  }

  private BlobBackends backends(BlobStore s3) {
    return new BlobBackends(List.of(encrypted, s3, gcs));
  }

  private TenantErasureHandler handler(BlobBackends backends) {
    return new TenantErasureHandler(
        bed.jdbc,
        new TransactionTemplate(bed.tx),
        backends,
        bed.holds,
        bed.store.jobs,
        bed.store.tenants,
        bed.audit,
        bed.store.clock,
        keys);
  }

  private TempDirJobExecution anErasureOf(Tenant tenant) throws Exception {
    return new TempDirJobExecution(
        TenantErasureJobType.NAME,
        null,
        Map.of(TenantErasureJobType.TENANT_ID, tenant.id().value()),
        new TempDirJobAssets(Files.createTempDirectory(dir, "run")));
  }

  private long keyRows(Tenant tenant) {
    return bed.jdbc
        .sql("select count(*) from blob_data_keys where scope = ?")
        .param("tenants/" + tenant.id().value())
        .query(Long.class)
        .single();
  }

  @Test
  void destroysTheKeyFirstSoARestoredCopyIsUnreadableAndEmptiesEveryBackend() throws Exception {
    Tenant tenant = bed.aTenant();
    AssetRecord secret =
        bed.anAsset(encrypted, tenant, null, AssetRetention.policy(), "my passport scan");
    bed.anAsset(bed.s3, tenant, secret.id(), AssetRetention.policy(), "ocr of my passport");
    bed.anAsset(gcs, tenant, secret.id(), AssetRetention.policy(), "thumbnail of my passport");
    Tenant other = bed.aTenant();
    AssetRecord othersAsset = bed.anAsset(encrypted, other, null, AssetRetention.policy(), "keep");
    Path file = dir.resolve("blobs").resolve(secret.blobKey().value());
    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("passport");
    assertThat(keyRows(tenant)).isEqualTo(1);
    // the backup an operator took yesterday
    Files.copy(file, backup.resolve("blob"));
    Files.copy(file.resolveSibling("." + file.getFileName() + ".type"), backup.resolve("type"));

    TempDirJobExecution run = anErasureOf(tenant);
    JobResult result = handler(backends(bed.s3)).handle(run);

    assertThat(keyRows(tenant)).isZero();
    assertThat(keyRows(other)).isEqualTo(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> dataKey = (Map<String, Object>) result.summary().get("data_key");
    assertThat(dataKey).containsEntry("existed", true).containsKey("destroyed_at");
    for (BlobStore backend : List.of(encrypted, bed.s3, gcs)) {
      assertThat(backend.list(BlobKey.of("tenants", tenant.id().value()), 100))
          .as(backend.backend())
          .isEmpty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> verification = (Map<String, Object>) result.summary().get("verification");
    assertThat(verification.get("remaining_objects"))
        .isEqualTo(Map.of("local", 0, "s3", 0, "gcs", 0));
    List<Map<String, Object>> receipt = receipt(run);
    assertThat(receipt.get(0)).containsKey("data_key");
    assertThat(receipt.stream().filter(l -> l.containsKey("key")).map(l -> l.get("backend")))
        .containsExactlyInAnyOrder("local", "s3", "gcs");

    // restore the backup: the bytes are back, their key is not
    Files.createDirectories(file.getParent());
    Files.copy(backup.resolve("blob"), file, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        backup.resolve("type"),
        file.resolveSibling("." + file.getFileName() + ".type"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> encrypted.open(secret.blobKey()).readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("destroyed");
    assertThat(new String(encrypted.open(othersAsset.blobKey()).readAllBytes())).isEqualTo("keep");
  }

  @Test
  void aRunKilledAfterTheKeyWentReportsTheSameDestructionWhenResumed() throws Exception {
    Tenant tenant = bed.aTenant();
    bed.anAsset(encrypted, tenant, null, AssetRetention.policy(), "local object");
    for (int i = 0; i < 3; i++) {
      bed.anAsset(bed.s3, tenant, null, AssetRetention.policy(), "object " + i);
    }
    TempDirJobExecution run = anErasureOf(tenant);

    assertThatThrownBy(() -> handler(backends(new FailingDeletes(bed.s3, 1))).handle(run))
        .hasMessageContaining("the worker died");
    assertThat(keyRows(tenant)).isZero();

    JobResult result = handler(backends(bed.s3)).handle(run);

    @SuppressWarnings("unchecked")
    Map<String, Object> dataKey = (Map<String, Object>) result.summary().get("data_key");
    assertThat(dataKey).containsEntry("existed", true);
    assertThat(receipt(run).stream().filter(l -> l.containsKey("key")).count()).isEqualTo(4);
  }

  private static List<Map<String, Object>> receipt(TempDirJobExecution run) throws Exception {
    Path file =
        ((TempDirJobAssets) run.assets()).outputs().get(TenantErasureHandler.RECEIPT).file();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(Json.readMap(line));
    }
    return lines;
  }
}
