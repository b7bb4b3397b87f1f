package ai.omnix.pipeline.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.FailingDeletes;
import ai.omnix.pipeline.lifecycle.LifecycleTestbed;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention run end to end: real PostgreSQL (fresh database per test), local disk and S3
 * (S3Proxy), a settable clock, Spring Batch's JDBC repository.
 */
class RetentionEnforcementIT {
  @TempDir Path dir;
  private LifecycleTestbed bed;

  @BeforeEach
  void setUp() throws Exception {
    bed = new LifecycleTestbed(dir.resolve("blobs"));
  }

  private RetentionJobHandler handler(BlobBackends backends) {
    return new RetentionJobHandler(
        bed.runner, bed.store.dataSource, backends, bed.holds, bed.audit, bed.store.clock);
  }

  private TempDirJobExecution aRun(Map<String, Object> params) throws Exception {
    return new TempDirJobExecution(
        RetentionEnforcementJobType.NAME,
        null,
        params,
        new TempDirJobAssets(Files.createTempDirectory(dir, "run")));
  }

  private static List<Map<String, Object>> lines(TempDirJobExecution run, String name)
      throws Exception {
    Path file = ((TempDirJobAssets) run.assets()).outputs().get(name).file();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(Json.readMap(line));
    }
    return lines;
  }

  private static List<Object> ids(List<Map<String, Object>> lines) {
    return lines.stream().map(l -> l.get("asset_id")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(JobResult result, String name) {
    return (Map<String, Object>) result.summary().get(name);
  }

  @Test
  void aTemporaryUploadAndItsDerivativesAreGoneFromEveryBackendAfter24Hours() throws Exception {
    Tenant tenant = bed.aTenant();
    Instant uploaded = bed.store.clock.instant();
    AssetRecord upload =
        bed.anAsset(bed.local, tenant, null, AssetRetention.temporary(uploaded), "chat upload");
    AssetRecord thumbnail =
        bed.anAsset(bed.s3, tenant, upload.id(), AssetRetention.temporary(uploaded), "thumb");
    AssetRecord ocr =
        bed.anAsset(
            bed.s3,
            tenant,
            thumbnail.id(),
            AssetRetention.temporary(uploaded.plus(Duration.ofHours(2))),
            "text");
    AssetRecord kept = bed.anAsset(bed.s3, tenant, null, AssetRetention.policy(), "kept");
    // a job that said retention: policy keeps its output for the tenant's period
    AssetRecord keptOutput =
        bed.anAsset(bed.local, tenant, upload.id(), AssetRetention.policy(), "kept output");

    bed.store.clock.advance(Duration.ofHours(23));
    JobResult early = handler(bed.backends()).handle(aRun(Map.of()));
    assertThat(section(early, "assets")).containsEntry("deleted", 0L);
    assertThat(bed.local.head(upload.blobKey())).isPresent();

    bed.store.clock.advance(Duration.ofHours(1));
    TempDirJobExecution run = aRun(Map.of());
    JobResult result = handler(bed.backends()).handle(run);

    for (AssetRecord gone : List.of(upload, thumbnail, ocr)) {
      assertThat(bed.assetStatus(gone.id())).isEqualTo("deleted");
    }
    assertThat(bed.local.head(upload.blobKey())).isEmpty();
    assertThat(bed.s3.head(thumbnail.blobKey())).isEmpty();
    assertThat(bed.s3.head(ocr.blobKey())).as("derived from a derivative").isEmpty();
    assertThat(bed.assetStatus(kept.id())).isEqualTo("ready");
    assertThat(bed.assetStatus(keptOutput.id())).isEqualTo("ready");
    assertThat(bed.local.head(keptOutput.blobKey())).isPresent();
    assertThat(bed.s3.head(kept.blobKey())).isPresent();

    assertThat(section(result, "assets"))
        .containsEntry("deleted", 3L)
        .containsEntry(
            "bytes", (long) ("chat upload".length() + "thumb".length() + "text".length()))
        .containsEntry(
            "by_backend",
            Map.of(
                "local", Map.of("objects", 1L, "bytes", (long) "chat upload".length()),
                "s3", Map.of("objects", 2L, "bytes", (long) ("thumb".length() + "text".length()))));
    List<Map<String, Object>> receipt = lines(run, RetentionJobHandler.RECEIPT);
    assertThat(ids(receipt)).containsExactlyInAnyOrder(upload.id(), thumbnail.id(), ocr.id());
    Map<String, Object> line =
        receipt.stream()
            .filter(l -> l.get("asset_id").equals(upload.id()))
            .findFirst()
            .orElseThrow();
    assertThat(line)
        .containsEntry("backend", "local")
        .containsEntry("key", upload.blobKey().value())
        .containsEntry("bytes", "chat upload".length())
        .containsEntry("deleted_at", bed.store.clock.instant().toString());
    assertThat(
            bed.jdbc
                .sql(
                    "select count(*) from audit_events where event_type = 'DATA_RETENTION_ENFORCED' "
                        + "and resource_id = ? and actor_id = 'retention-enforcement'")
                .param(run.jobId().toString())
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(bed.audit.verify().valid()).isTrue();
  }

  @Test
  void expiredJobRecordsAreRedactedKeepingBillingFactsAndOldConversationsAreDeleted()
      throws Exception {
    Tenant tenant = bed.aTenant();
    UUID jobId = bed.store.insert(tenant, QueueClass.LIGHT).job().id().value();
    bed.jdbc
        .sql(
            """
        update jobs set status = 'succeeded', params = '{"prompt":"my secret"}'::jsonb,
          result = '{"output_asset_ids":["ast_x"],"summary":{"text":"private"}}'::jsonb,
          credits_actual = 7, finished_at = created_at, expires_at = created_at + interval '1 hour'
        where id = ?""")
        .param(jobId)
        .update();
    UUID conversation = UUID.randomUUID();
    Timestamp longAgo = Timestamp.from(bed.store.clock.instant().minus(Duration.ofDays(31)));
    bed.jdbc
        .sql(
            "insert into chat_conversations (id, tenant_id, model, created_at, updated_at) "
                + "values (?, ?, 'offline-chat', ?, ?)")
        .params(conversation, tenant.id().value(), longAgo, longAgo)
        .update();
    bed.jdbc
        .sql(
            """
        insert into chat_messages (id, conversation_id, tenant_id, seq, role, content, status,
          content_tokens, tokenizer, created_at)
        values (?, ?, ?, 1, 'user', 'hello, my name is', 'complete', 4, 'o200k', ?)""")
        .params(UUID.randomUUID(), conversation, tenant.id().value(), longAgo)
        .update();

    bed.store.clock.advance(Duration.ofHours(2));
    JobResult result = handler(bed.backends()).handle(aRun(Map.of()));

    Map<String, Object> job =
        bed.jdbc
            .sql(
                "select params::text, result::text, credits_actual, redacted_at from jobs where id = ?")
            .param(jobId)
            .query()
            .singleRow();
    assertThat(job.get("params")).isEqualTo("{}");
    assertThat((String) job.get("result")).doesNotContain("private").contains("ast_x");
    assertThat(job.get("credits_actual")).isEqualTo(7L);
    assertThat(job.get("redacted_at")).isNotNull();
    assertThat(
            bed.jdbc
                .sql("select count(*) from job_events where job_id = ?")
                .param(jobId)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            bed.jdbc
                .sql("select count(*) from chat_messages where conversation_id = ?")
                .param(conversation)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(section(result, "jobs")).containsEntry("redacted", 1L);
    assertThat(section(result, "conversations"))
        .containsEntry("deleted", 1L)
        .containsEntry("messages_deleted", 1L);
  }

  @Test
  void whatALegalHoldCoversStays() throws Exception {
    Tenant tenant = bed.aTenant();
    Tenant heldTenant = bed.aTenant();
    Instant now = bed.store.clock.instant();
    AssetRecord held = bed.anAsset(bed.local, tenant, null, AssetRetention.temporary(now), "held");
    AssetRecord free = bed.anAsset(bed.local, tenant, null, AssetRetention.temporary(now), "free");
    AssetRecord ofHeldTenant =
        bed.anAsset(bed.s3, heldTenant, null, AssetRetention.temporary(now), "tenant held");
    bed.holds.place(tenant.id(), held.id(), "litigation", Actor.system("test"));
    bed.holds.place(heldTenant.id(), null, "regulator", Actor.system("test"));

    bed.store.clock.advance(Duration.ofDays(2));
    JobResult result = handler(bed.backends()).handle(aRun(Map.of()));

    assertThat(bed.assetStatus(held.id())).isEqualTo("ready");
    assertThat(bed.local.head(held.blobKey())).isPresent();
    assertThat(bed.assetStatus(ofHeldTenant.id())).isEqualTo("ready");
    assertThat(bed.s3.head(ofHeldTenant.blobKey())).isPresent();
    assertThat(bed.assetStatus(free.id())).isEqualTo("deleted");
    assertThat(section(result, "assets")).containsEntry("deleted", 1L).containsEntry("held", 2L);
  }

  @Test
  void aDryRunDeletesNothingAndReportsExactlyWhatARealRunThenDeletes() throws Exception {
    Tenant tenant = bed.aTenant();
    Instant now = bed.store.clock.instant();
    List<AssetRecord> doomed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AssetRecord upload =
          bed.anAsset(bed.local, tenant, null, AssetRetention.temporary(now), "upload " + i);
      doomed.add(upload);
      doomed.add(
          bed.anAsset(bed.s3, tenant, upload.id(), AssetRetention.temporary(now), "derived " + i));
    }
    bed.anAsset(bed.s3, tenant, null, AssetRetention.policy(), "kept");
    bed.store.clock.advance(Duration.ofDays(1));

    TempDirJobExecution dry = aRun(Map.of(RetentionEnforcementJobType.DRY_RUN, true));
    JobResult planned = handler(bed.backends()).handle(dry);

    for (AssetRecord a : doomed) {
      assertThat(bed.assetStatus(a.id())).isEqualTo("ready");
      assertThat(bed.backends().get(a.backend()).head(a.blobKey())).isPresent();
    }
    assertThat(section(planned, "assets")).containsEntry("would_delete", 6L);
    List<Map<String, Object>> plan = lines(dry, RetentionJobHandler.PLAN);
    assertThat(plan).allSatisfy(l -> assertThat(l.get("deleted_at")).isNull());

    TempDirJobExecution real = aRun(Map.of());
    JobResult done = handler(bed.backends()).handle(real);

    List<Map<String, Object>> receipt = lines(real, RetentionJobHandler.RECEIPT);
    assertThat(ids(receipt))
        .containsExactlyElementsOf(ids(plan))
        .containsExactlyInAnyOrderElementsOf(doomed.stream().map(AssetRecord::id).toList());
    assertThat(section(done, "assets").get("by_backend"))
        .isEqualTo(section(planned, "assets").get("by_backend"));
    for (AssetRecord a : doomed) {
      assertThat(bed.backends().get(a.backend()).head(a.blobKey())).isEmpty();
    }
  }

  @Test
  void aRunKilledMidwayResumesAndItsReceiptListsEveryObjectOnce() throws Exception {
    Tenant tenant = bed.aTenant();
    Instant now = bed.store.clock.instant();
    List<AssetRecord> doomed = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      doomed.add(bed.anAsset(bed.s3, tenant, null, AssetRetention.temporary(now), "object " + i));
    }
    bed.store.clock.advance(Duration.ofDays(1));
    TempDirJobExecution run = aRun(Map.of(RetentionEnforcementJobType.CHUNK_SIZE, 2));

    // chunk 1 (2 deletes) commits; chunk 2 deletes one blob, then the worker dies before its commit
    BlobBackends dying = new BlobBackends(List.of(bed.local, new FailingDeletes(bed.s3, 3)));
    assertThatThrownBy(() -> handler(dying).handle(run))
        .isInstanceOf(PipelineBatchRunner.BatchRunFailedException.class);
    assertThat(doomed.stream().filter(a -> bed.assetStatus(a.id()).equals("deleted")).count())
        .as("only the committed chunk's rows")
        .isEqualTo(2);
    bed.leaveBatchStartedAsAKilledWorkerWould(run.jobId().value());

    bed.store.clock.advance(Duration.ofMinutes(5));
    JobResult result = handler(bed.backends()).handle(run);

    assertThat(result.summary()).containsEntry("resumed", true);
    List<Map<String, Object>> receipt = lines(run, RetentionJobHandler.RECEIPT);
    assertThat(ids(receipt))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(doomed.stream().map(AssetRecord::id).toList());
    assertThat(receipt.stream().mapToLong(l -> ((Number) l.get("bytes")).longValue()).sum())
        .isEqualTo(doomed.stream().mapToLong(AssetRecord::size).sum());
    for (AssetRecord a : doomed) {
      assertThat(bed.assetStatus(a.id())).isEqualTo("deleted");
      assertThat(bed.s3.head(a.blobKey())).isEmpty();
    }
    assertThat(section(result, "assets")).containsEntry("deleted", 7L);
  }
}
