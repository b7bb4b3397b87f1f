package ai.omnix.pipeline.lifecycle.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.lifecycle.FailingDeletes;
import ai.omnix.pipeline.lifecycle.LifecycleTestbed;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant erasure end to end: real PostgreSQL (a fresh database per test), local disk and S3
 * (S3Proxy), a settable clock.
 */
class TenantErasureIT {
  private static final List<String> CONTENT_TABLES =
      List.of(
          "assets",
          "jobs",
          "webhook_endpoints",
          "webhook_deliveries",
          "idempotency_keys",
          "chat_conversations",
          "chat_messages",
          "chat_custom_instructions");

  @TempDir Path dir;
  private LifecycleTestbed bed;

  @BeforeEach
  void setUp() throws Exception {
    bed = new LifecycleTestbed(dir.resolve("blobs"));
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
        bed.store.clock);
  }

  private TempDirJobExecution anErasureOf(Tenant tenant) throws Exception {
    return new TempDirJobExecution(
        TenantErasureJobType.NAME,
        null,
        Map.of(TenantErasureJobType.TENANT_ID, tenant.id().value()),
        new TempDirJobAssets(Files.createTempDirectory(dir, "run")));
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

  private long rows(String table, Tenant tenant) {
    return bed.jdbc
        .sql("select count(*) from " + table + " where tenant_id = ?")
        .param(tenant.id().value())
        .query(Long.class)
        .single();
  }

  private static BlobKey prefix(Tenant tenant) {
    return BlobKey.of("tenants", tenant.id().value());
  }

  /** A tenant with assets on both backends, a stray blob, jobs, a webhook, a key, a chat. */
  private String aTenantWithEverything(Tenant tenant) throws Exception {
    AssetRecord upload =
        bed.anAsset(bed.local, tenant, null, AssetRetention.policy(), "my passport scan");
    bed.anAsset(bed.s3, tenant, upload.id(), AssetRetention.policy(), "ocr of my passport");
    byte[] partial = "half an output".getBytes();
    bed.s3.put(
        prefix(tenant).child("jobs").child("partial.bin"),
        new ByteArrayInputStream(partial),
        partial.length,
        "application/octet-stream");
    bed.store.insert(tenant, QueueClass.LIGHT);
    UUID done = bed.store.insert(tenant, QueueClass.LIGHT).job().id().value();
    bed.jdbc
        .sql(
            "update jobs set status = 'succeeded', params = '{\"prompt\":\"about me\"}'::jsonb, "
                + "finished_at = created_at where id = ?")
        .param(done)
        .update();
    UUID endpoint =
        bed.store.webhooks.createEndpoint(tenant.id(), "https://example.com/hook", Set.of()).id();
    bed.jdbc
        .sql(
            """
        insert into webhook_deliveries (id, tenant_id, job_id, endpoint_id, url, event_type, payload, status,
          created_at)
        values (?, ?, ?, ?, 'https://example.com/hook', 'job.succeeded', '{"prompt":"about me"}', 'delivered', now())""")
        .params("msg_" + UUID.randomUUID(), tenant.id().value(), done, endpoint)
        .update();
    UUID conversation = UUID.randomUUID();
    Timestamp now = Timestamp.from(bed.store.clock.instant());
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
        values (?, ?, ?, 1, 'user', 'my address is', 'complete', 4, 'o200k', ?)""")
        .params(UUID.randomUUID(), conversation, tenant.id().value(), now)
        .update();
    bed.jdbc
        .sql(
            "insert into chat_custom_instructions (tenant_id, instructions, updated_at) values (?, 'call me Al', ?)")
        .params(tenant.id().value(), now)
        .update();
    return bed.store.tenants.issue(tenant.id(), false).key();
  }

  @Test
  void erasesEveryBlobOnEveryBackendAndEveryRowHoldingItsContentThenVerifies() throws Exception {
    Tenant tenant = bed.aTenant();
    String key = aTenantWithEverything(tenant);
    Tenant other = bed.aTenant();
    AssetRecord othersAsset =
        bed.anAsset(bed.local, other, null, AssetRetention.policy(), "not yours");
    String othersKey = bed.store.tenants.issue(other.id(), false).key();

    TempDirJobExecution run = anErasureOf(tenant);
    JobResult result = handler(bed.backends()).handle(run);

    for (BlobStore backend : List.of(bed.local, bed.s3)) {
      assertThat(backend.list(prefix(tenant), 100)).as(backend.backend()).isEmpty();
    }
    assertThat(bed.store.tenants.authenticate(key)).as("its key is refused").isEmpty();
    for (String table : CONTENT_TABLES) {
      assertThat(rows(table, tenant)).as(table).isZero();
    }
    assertThat(
            bed.jdbc
                .sql("select name from tenants where id = ?")
                .param(tenant.id().value())
                .query(String.class)
                .single())
        .isEqualTo("erased");

    assertThat(bed.assetStatus(othersAsset.id())).isEqualTo("ready");
    assertThat(bed.local.head(othersAsset.blobKey())).isPresent();
    assertThat(bed.store.tenants.authenticate(othersKey)).isPresent();

    @SuppressWarnings("unchecked")
    Map<String, Object> verification = (Map<String, Object>) result.summary().get("verification");
    assertThat(verification.get("remaining_objects")).isEqualTo(Map.of("local", 0, "s3", 0));
    assertThat((Map<String, Object>) verification.get("remaining_rows"))
        .allSatisfy((table, left) -> assertThat(left).as(table).isEqualTo(0L));
    List<Map<String, Object>> receipt = receipt(run);
    assertThat(receipt).hasSize(4);
    assertThat(receipt.subList(0, 3))
        .extracting(l -> l.get("backend"))
        .containsExactlyInAnyOrder("local", "s3", "s3");
    assertThat(receipt.get(3)).containsKey("verification");
    assertThat(
            bed.jdbc
                .sql(
                    "select count(*) from audit_events where event_type = 'DATA_ERASED' and tenant_id = ?")
                .param(tenant.id().value())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aTenantUnderLegalHoldIsNotErased() throws Exception {
    Tenant tenant = bed.aTenant();
    String key = aTenantWithEverything(tenant);
    bed.holds.place(tenant.id(), null, "litigation", Actor.system("test"));

    assertThatThrownBy(() -> handler(bed.backends()).handle(anErasureOf(tenant)))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("under_legal_hold");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(rows("assets", tenant)).isEqualTo(2);
    assertThat(bed.s3.list(prefix(tenant), 100)).hasSize(2);
    assertThat(bed.store.tenants.authenticate(key)).isPresent();
  }

  @Test
  void anErasureKilledMidwayResumesAndItsReceiptListsEachObjectOnce() throws Exception {
    Tenant tenant = bed.aTenant();
    for (int i = 0; i < 4; i++) {
      bed.anAsset(bed.s3, tenant, null, AssetRetention.policy(), "object " + i);
    }
    bed.anAsset(bed.local, tenant, null, AssetRetention.policy(), "local object");
    TempDirJobExecution run = anErasureOf(tenant);

    BlobBackends dying = new BlobBackends(List.of(bed.local, new FailingDeletes(bed.s3, 2)));
    assertThatThrownBy(() -> handler(dying).handle(run)).hasMessageContaining("the worker died");

    JobResult result = handler(bed.backends()).handle(run);

    List<Map<String, Object>> receipt = receipt(run);
    List<Object> keys =
        receipt.stream().filter(l -> l.containsKey("key")).map(l -> l.get("key")).toList();
    assertThat(keys).hasSize(5).doesNotHaveDuplicates();
    assertThat(bed.s3.list(prefix(tenant), 100)).isEmpty();
    assertThat(bed.local.list(prefix(tenant), 100)).isEmpty();
    assertThat(result.summary().get("objects_deleted"))
        .isEqualTo(
            Map.of(
                "local", Map.of("objects", 1L, "bytes", (long) "local object".length()),
                "s3", Map.of("objects", 4L, "bytes", 4L * "object 0".length())));
  }

  @Test
  void aTenantsOwnRequestNeedsItsConfirmationTokenAndStartsOneAdminJob() {
    bed.store.tenants.create(new TenantId("admin"), "Admin", Plan.ENTERPRISE);
    Tenant tenant = bed.aTenant();
    ErasureRequests requests =
        new ErasureRequests(
            bed.jdbc,
            new TransactionTemplate(bed.tx),
            bed.store.tenants,
            bed.store.jobs,
            bed.holds,
            bed.store.clock);

    ErasureRequests.Confirmation first = requests.requestConfirmation(tenant.id(), "api_key:x");
    assertThat(requests.confirm(tenant.id(), "erase_wrong")).isFalse();
    ErasureRequests.Confirmation second = requests.requestConfirmation(tenant.id(), "api_key:x");
    assertThat(requests.confirm(tenant.id(), first.token())).as("replaced").isFalse();
    bed.store.clock.advance(ErasureRequests.CONFIRMATION_PERIOD.plus(Duration.ofSeconds(1)));
    assertThat(requests.confirm(tenant.id(), second.token())).as("expired").isFalse();
    ErasureRequests.Confirmation third = requests.requestConfirmation(tenant.id(), "api_key:x");
    assertThat(requests.confirm(tenant.id(), third.token())).isTrue();
    assertThat(requests.confirm(tenant.id(), third.token())).as("used once").isFalse();

    JobRecord job = requests.start(tenant.id(), Map.of());
    assertThat(job.tenantId().value()).isEqualTo("admin");
    assertThat(job.params()).containsEntry(TenantErasureJobType.TENANT_ID, tenant.id().value());
    assertThat(requests.start(tenant.id(), Map.of()).id()).as("one per tenant").isEqualTo(job.id());

    bed.holds.place(tenant.id(), null, "regulator", Actor.system("test"));
    assertThat(requests.blockingHold(tenant.id())).isPresent();
  }
}
