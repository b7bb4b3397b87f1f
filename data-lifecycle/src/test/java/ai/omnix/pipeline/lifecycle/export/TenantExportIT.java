package ai.omnix.pipeline.lifecycle.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.LifecycleTestbed;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export zip from real PostgreSQL, local disk and S3 (S3Proxy). */
class TenantExportIT {
  @TempDir Path dir;

  @Test
  void theZipHoldsEveryAssetsBytesFromEachBackendAndTheJobsAsJson() throws Exception {
    LifecycleTestbed bed = new LifecycleTestbed(dir.resolve("blobs"));
    // the execution of the testkit runs as tenant "test-tenant"
    Tenant tenant = bed.store.tenants.create(new TenantId("test-tenant"), "T", Plan.PRO);
    Tenant other = bed.aTenant();
    AssetRecord onDisk =
        bed.anAsset(bed.local, tenant, null, AssetRetention.policy(), "bytes on disk");
    AssetRecord onS3 = bed.anAsset(bed.s3, tenant, onDisk.id(), AssetRetention.policy(), "on s3");
    bed.anAsset(bed.local, other, null, AssetRetention.policy(), "someone else's");
    bed.store.insert(tenant, QueueClass.LIGHT);
    java.util.UUID conversation = java.util.UUID.randomUUID();
    java.sql.Timestamp now = java.sql.Timestamp.from(bed.store.clock.instant());
    bed.jdbc
        .sql(
            "insert into chat_conversations (id, tenant_id, model, created_at, updated_at) "
                + "values (?, ?, 'offline-chat', ?, ?)")
        .params(conversation, tenant.id().value(), now, now)
        .update();
    bed.jdbc
        .sql(
            """
        insert into chat_messages (id, conversation_id, tenant_id, seq, role, content, status,
          content_tokens, tokenizer, created_at)
        values (?, ?, ?, 1, 'user', 'what I asked', 'complete', 3, 'o200k', ?)""")
        .params(java.util.UUID.randomUUID(), conversation, tenant.id().value(), now)
        .update();

    TempDirJobExecution run =
        new TempDirJobExecution(
            TenantExportJobType.NAME, null, Map.of(), new TempDirJobAssets(dir.resolve("out")));
    JobResult result = new TenantExportHandler(bed.jdbc, bed.backends(), bed.audit).handle(run);

    Map<String, String> entries = new HashMap<>();
    Path zip = ((TempDirJobAssets) run.assets()).outputs().get(TenantExportHandler.OUTPUT).file();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entriesIn = new ZipInputStream(in)) {
      for (ZipEntry e = entriesIn.getNextEntry(); e != null; e = entriesIn.getNextEntry()) {
        entries.put(e.getName(), new String(entriesIn.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries)
        .containsEntry("assets/" + onDisk.id() + "/f.txt", "bytes on disk")
        .containsEntry("assets/" + onS3.id() + "/f.txt", "on s3")
        .containsKeys("assets.json", "jobs.json");
    assertThat(entries.values()).noneMatch(v -> v.contains("someone else's"));
    assertThat(entries.get("jobs.json")).contains("\"type\":\"noop\"");
    assertThat(entries.get("chat_messages.json")).contains("what I asked");
    assertThat(result.summary()).containsEntry("assets", 2L).containsEntry("jobs", 1L);
    assertThat(
            bed.jdbc
                .sql("select count(*) from audit_events where event_type = 'DATA_EXPORTED'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(TenantExportHandler.safeName("../../etc/passwd")).doesNotContain("/");
    assertThat(TenantExportHandler.safeName("..")).isEqualTo("file");
  }
}
