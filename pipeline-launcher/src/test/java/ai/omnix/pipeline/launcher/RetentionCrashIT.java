package ai.omnix.pipeline.launcher;

import static ai.omnix.pipeline.launcher.PipelineTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A worker JVM is killed with SIGKILL in the middle of a retention run; another worker resumes the
 * Spring Batch run from its last committed chunk, and the receipt lists every expired asset exactly
 * once, with every blob gone from the disk.
 */
class RetentionCrashIT {
  private static final int ASSETS = 600;

  @Test
  void aRetentionRunKilledMidwayIsResumedAndItsReceiptListsEachObjectOnce() throws Exception {
    String url = SharedPostgres.newDatabase("retention_crash");
    Path blobs =
        Path.of("target", "worker-data", "retention-blobs-" + UUID.randomUUID()).toAbsolutePath();
    // the test reads receipts straight from disk, so the blobs stay plaintext here
    String[] args = {
      "--omnix.storage.local.root=" + blobs, "--omnix.storage.encryption.enabled=false"
    };
    DirectStore store;
    UUID run;
    try (WorkerProcess first = WorkerProcess.start("worker", url, "retention-a", args)) {
      store = DirectStore.on(url);
      Tenant admin = store.anEnterpriseTenant("admin");
      store.tenants().create(new TenantId("r-tenant"), "R", Plan.PRO);
      seed(store.jdbc(), blobs);
      run = submit(store, admin);

      await(
          Duration.ofSeconds(90),
          () -> done(store.jdbc(), run),
          n -> n >= 100,
          "the first worker to delete a few chunks (see " + first.log() + ")");
      first.kill();
    }
    assertThat(done(store.jdbc(), run)).as("killed mid-run").isLessThan(ASSETS);
    assertThat(status(store.jdbc(), run)).isEqualTo("running");

    try (WorkerProcess second = WorkerProcess.start("worker", url, "retention-b", args)) {
      await(
          Duration.ofSeconds(180),
          () -> status(store.jdbc(), run),
          s -> s.equals("succeeded") || s.equals("failed"),
          "the retention run to finish (see " + second.log() + ")");
      assertThat(status(store.jdbc(), run)).as("see " + second.log()).isEqualTo("succeeded");
    }

    String receiptKey =
        store
            .jdbc()
            .sql(
                "select blob_key from assets where derived_by_job_id = ? "
                    + "and filename = 'retention-receipt.jsonl'")
            .param(run)
            .query(String.class)
            .single();
    List<Object> ids = new ArrayList<>();
    for (String line : Files.readAllLines(blobs.resolve(receiptKey))) {
      Map<String, Object> entry = Json.readMap(line);
      // the last line summarises the sweep of upload and scratch leftovers, not an asset
      if (entry.containsKey("asset_id")) {
        ids.add(entry.get("asset_id"));
      }
    }
    assertThat(ids).hasSize(ASSETS).doesNotHaveDuplicates();
    assertThat(
            store
                .jdbc()
                .sql(
                    "select count(*) from assets where tenant_id = 'r-tenant' and status = 'ready'")
                .query(Long.class)
                .single())
        .isZero();
    // the local backend removes directories it emptied
    Path assetsDir = blobs.resolve("tenants/r-tenant/assets");
    if (Files.exists(assetsDir)) {
      try (var files = Files.list(assetsDir)) {
        assertThat(files.count()).as("blobs left on disk").isZero();
      }
    }
    Map<String, Object> result =
        Json.readMap(
            store
                .jdbc()
                .sql("select result::text from jobs where id = ?")
                .param(run)
                .query(String.class)
                .single());
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = (Map<String, Object>) result.get("summary");
    assertThat(summary).containsEntry("resumed", true);
    assertThat(summary.get("assets").toString()).contains("deleted=" + ASSETS);
  }

  /** Expired assets of one tenant, each with its blob on the workers' disk. */
  private static void seed(JdbcClient jdbc, Path blobs) throws Exception {
    Path dir = blobs.resolve("tenants/r-tenant/assets");
    Files.createDirectories(dir);
    for (int i = 1; i <= ASSETS; i++) {
      Files.writeString(dir.resolve(id(i)), "bytes " + i);
    }
    jdbc.sql(
            """
        insert into assets (id, tenant_id, blob_key, backend, status, content_type, size, sha256, created_at,
          retention, expires_at)
        select 'ast_r' || lpad(i::text, 6, '0'), 'r-tenant', 'tenants/r-tenant/assets/ast_r' || lpad(i::text, 6, '0'),
          'local', 'ready', 'text/plain', length('bytes ' || i), 'x', now() - interval '2 days', 'until',
          now() - interval '1 hour'
        from generate_series(1, :n) i""")
        .param("n", ASSETS)
        .update();
  }

  private static String id(int i) {
    return "ast_r" + String.format("%06d", i);
  }

  private static UUID submit(DirectStore store, Tenant admin) {
    return store
        .jobs()
        .insert(
            new NewJob(
                JobId.random(),
                admin,
                new JobSubmission(
                    "retention-enforcement",
                    JobInput.none(),
                    Map.of("chunk_size", 20, "pause_ms", 100),
                    null,
                    Map.of(),
                    0),
                QueueClass.IO_BOUND,
                5,
                0,
                null,
                null))
        .job()
        .id()
        .value();
  }

  private static long done(JdbcClient jdbc, UUID run) {
    return jdbc.sql(
            "select count(*) from lifecycle_run_items where run_id = ? and kind = 'asset' "
                + "and outcome is not null")
        .param(run)
        .query(Long.class)
        .single();
  }

  private static String status(JdbcClient jdbc, UUID run) {
    return jdbc.sql("select status from jobs where id = ?").param(run).query(String.class).single();
  }
}
