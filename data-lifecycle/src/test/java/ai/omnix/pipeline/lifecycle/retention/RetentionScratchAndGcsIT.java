package ai.omnix.pipeline.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.LifecycleTestbed;
import ai.omnix.pipeline.storage.gcs.GcsBlobStore;
import ai.omnix.pipeline.storage.gcs.GcsBlobStoreConfig;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention beyond the asset rows: local leftovers (tus uploads and locks, media job workspaces)
 * and assets on GCS (google-cloud-nio's in-memory fake), with real PostgreSQL and a settable clock.
 */
class RetentionScratchAndGcsIT {
  @TempDir Path dir;
  @TempDir Path tus;
  @TempDir Path media;
  private LifecycleTestbed bed;
  private GcsBlobStore gcs;

  @BeforeEach
  void setUp() throws Exception {
    bed = new LifecycleTestbed(dir.resolve("blobs"));
    gcs =
        new GcsBlobStore(
            LocalStorageHelper.getOptions().getService(),
            GcsBlobStoreConfig.of("omnix-" + UUID.randomUUID()));
  }

  private RetentionJobHandler handler() {
    ScratchSweeper sweeper =
        new ScratchSweeper(
            List.of(
                new ScratchSweeper.Area(
                    "tus-uploads", tus.resolve("uploads"), null, Duration.ofHours(24)),
                new ScratchSweeper.Area(
                    "tus-locks", tus.resolve("locks"), null, Duration.ofHours(24)),
                new ScratchSweeper.Area("media-workspaces", media, "job-", Duration.ofHours(24))),
            bed.store.clock);
    return new RetentionJobHandler(
        bed.runner,
        bed.store.dataSource,
        new BlobBackends(List.of(bed.local, bed.s3, gcs)),
        bed.holds,
        bed.audit,
        bed.store.clock,
        sweeper);
  }

  private TempDirJobExecution aRun(Map<String, Object> params) throws Exception {
    return new TempDirJobExecution(
        RetentionEnforcementJobType.NAME,
        null,
        params,
        new TempDirJobAssets(Files.createTempDirectory(dir, "run")));
  }

  /** A file (with its parent directories) last modified {@code age} before the clock's now. */
  private Path aFile(Path file, Duration age) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[100]);
    FileTime time = FileTime.from(bed.store.clock.instant().minus(age));
    Files.setLastModifiedTime(file, time);
    Files.setLastModifiedTime(file.getParent(), time);
    return file;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> scratch(JobResult result, String area) {
    return (Map<String, Object>) ((Map<String, Object>) result.summary().get("scratch")).get(area);
  }

  @Test
  void leftoverUploadsLocksAndWorkspacesOlderThanTheirBoundGoAndDryRunOnlyCounts()
      throws Exception {
    Path abandoned = aFile(tus.resolve("uploads/abc/data"), Duration.ofHours(30));
    aFile(tus.resolve("uploads/abc/info"), Duration.ofHours(30));
    Path active = aFile(tus.resolve("uploads/def/data"), Duration.ofHours(1));
    // an old directory with one fresh file is still in use
    aFile(tus.resolve("uploads/ghi/info"), Duration.ofHours(40));
    Path ghiData = aFile(tus.resolve("uploads/ghi/data"), Duration.ofMinutes(5));
    Path staleLock = aFile(tus.resolve("locks/abc"), Duration.ofHours(30));
    Path killedJob = aFile(media.resolve("job-123/source.mp4"), Duration.ofHours(25));
    Path runningJob = aFile(media.resolve("job-456/source.mp4"), Duration.ofMinutes(10));
    Path notOurs = aFile(media.resolve("someone-else/file"), Duration.ofDays(10));

    JobResult dry = handler().handle(aRun(Map.of("dry_run", true)));

    assertThat(scratch(dry, "tus-uploads")).containsEntry("would_delete", 1L);
    assertThat(scratch(dry, "tus-locks")).containsEntry("would_delete", 1L);
    assertThat(scratch(dry, "media-workspaces"))
        .containsEntry("would_delete", 1L)
        .containsEntry("bytes", 100L);
    assertThat(List.of(abandoned, staleLock, killedJob)).allSatisfy(p -> assertThat(p).exists());

    TempDirJobExecution run = aRun(Map.of());
    JobResult result = handler().handle(run);

    assertThat(scratch(result, "tus-uploads"))
        .containsEntry("deleted", 1L)
        .containsEntry("bytes", 200L);
    assertThat(scratch(result, "tus-locks")).containsEntry("deleted", 1L);
    assertThat(scratch(result, "media-workspaces")).containsEntry("deleted", 1L);
    assertThat(tus.resolve("uploads/abc")).doesNotExist();
    assertThat(staleLock).doesNotExist();
    assertThat(media.resolve("job-123")).doesNotExist();
    assertThat(List.of(active, ghiData, runningJob, notOurs))
        .allSatisfy(p -> assertThat(p).exists());
    Path receipt =
        ((TempDirJobAssets) run.assets()).outputs().get(RetentionJobHandler.RECEIPT).file();
    List<String> lines = Files.readAllLines(receipt);
    assertThat(Json.readMap(lines.get(lines.size() - 1))).containsKey("scratch");

    JobResult again = handler().handle(aRun(Map.of()));
    assertThat(scratch(again, "tus-uploads")).containsEntry("deleted", 0L);
  }

  @Test
  void aTemporaryUploadOnGcsIsGoneAfter24HoursAndAHeldOneStays() throws Exception {
    Tenant tenant = bed.aTenant();
    Instant now = bed.store.clock.instant();
    AssetRecord upload =
        bed.anAsset(gcs, tenant, null, AssetRetention.temporary(now), "chat upload on gcs");
    AssetRecord held = bed.anAsset(gcs, tenant, null, AssetRetention.temporary(now), "held");
    bed.holds.place(
        tenant.id(), held.id(), "litigation", ai.omnix.pipeline.core.audit.Actor.system("t"));

    bed.store.clock.advance(Duration.ofHours(24));
    JobResult result = handler().handle(aRun(Map.of()));

    assertThat(gcs.head(upload.blobKey())).isEmpty();
    assertThat(bed.assetStatus(upload.id())).isEqualTo("deleted");
    assertThat(gcs.head(held.blobKey())).isPresent();
    @SuppressWarnings("unchecked")
    Map<String, Object> assets = (Map<String, Object>) result.summary().get("assets");
    assertThat(assets).containsEntry("deleted", 1L).containsEntry("held", 1L);
    assertThat(assets.get("by_backend"))
        .isEqualTo(
            Map.of("gcs", Map.of("objects", 1L, "bytes", (long) "chat upload on gcs".length())));
  }
}
