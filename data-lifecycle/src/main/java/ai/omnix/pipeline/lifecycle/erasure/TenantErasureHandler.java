package ai.omnix.pipeline.lifecycle.erasure;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DataKeyShredder;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases one tenant, in phases that are each safe to repeat, so a re-run after kill -9 (or a retry)
 * simply runs them all again and finishes what the last attempt left.
 *
 * <ol>
 *   <li><b>Refuse under hold.</b> A legal hold on the tenant fails the job ({@code
 *       under_legal_hold}, not retried); the check is repeated in the transaction that deletes the
 *       rows.
 *   <li><b>Stop.</b> Cancels its unfinished jobs and revokes its API keys.
 *   <li><b>Key.</b> Destroys the tenant's blob data key (when blobs are encrypted), before any blob
 *       is deleted: a copy of an encrypted blob anywhere (a backup) is unreadable from then on. The
 *       receipt's first line records it.
 *   <li><b>Blobs.</b> On every configured backend, lists the tenant's prefix ({@code
 *       tenants/<id>/}) page by page; each blob is written to the run's items first, then deleted
 *       and looked up again (still there: the job fails), then marked done. A blob deleted by an
 *       attempt that died before marking it is marked {@code gone} by the next, so the receipt
 *       lists it once.
 *   <li><b>Rows</b> (one transaction): assets, jobs (with their events, effects, attempts and
 *       webhook deliveries), webhook endpoints, idempotency keys, chat conversations, messages and
 *       custom instructions, retention overrides; the tenant row loses its name and webhook secret
 *       and stays, for the ledger entries and invoices that must be kept (they hold amounts and
 *       references, no content). The audit log is append-only and keeps its events.
 *   <li><b>Verify.</b> Lists each backend's prefix again and counts the tenant's rows in every
 *       table above: anything left fails the attempt (retryably: a job that was still running when
 *       it was canceled may have written after the listing) with what remains; 0 everywhere is
 *       written to the receipt and the summary, and audited ({@code DATA_ERASED}).
 * </ol>
 */
public final class TenantErasureHandler implements JobHandler {
  static final String RECEIPT = "erasure-receipt.jsonl";
  private static final Actor ACTOR = Actor.system(TenantErasureJobType.NAME);
  private static final int PAGE = 500;

  /** Tables holding a tenant's content, and how to count its rows there. */
  private static final Map<String, String> CONTENT_TABLES = new LinkedHashMap<>();

  static {
    CONTENT_TABLES.put("assets", "select count(*) from assets where tenant_id = ?");
    CONTENT_TABLES.put("jobs", "select count(*) from jobs where tenant_id = ?");
    CONTENT_TABLES.put(
        "job_events",
        "select count(*) from job_events e join jobs j on j.id = e.job_id where j.tenant_id = ?");
    CONTENT_TABLES.put(
        "webhook_endpoints", "select count(*) from webhook_endpoints where tenant_id = ?");
    CONTENT_TABLES.put(
        "webhook_deliveries", "select count(*) from webhook_deliveries where tenant_id = ?");
    CONTENT_TABLES.put(
        "idempotency_keys", "select count(*) from idempotency_keys where tenant_id = ?");
    CONTENT_TABLES.put(
        "api_keys_active",
        "select count(*) from api_keys where tenant_id = ? and revoked_at is null");
    CONTENT_TABLES.put(
        "tenant_retention_policies",
        "select count(*) from tenant_retention_policies where tenant_id = ?");
    CONTENT_TABLES.put(
        "tenant_name", "select count(*) from tenants where id = ? and erased_at is null");
  }

  private static final Map<String, String> CHAT_TABLES =
      Map.of(
          "chat_conversations", "select count(*) from chat_conversations where tenant_id = ?",
          "chat_messages", "select count(*) from chat_messages where tenant_id = ?",
          "chat_custom_instructions",
              "select count(*) from chat_custom_instructions where tenant_id = ?");

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final BlobBackends backends;
  private final LegalHolds holds;
  private final JobSubmissions jobs;
  private final TenantRepository tenants;
  private final AuditLog audit;
  private final Clock clock;
  private final DataKeyShredder dataKeys;

  public TenantErasureHandler(
      JdbcClient jdbc,
      TransactionTemplate tx,
      BlobBackends backends,
      LegalHolds holds,
      JobSubmissions jobs,
      TenantRepository tenants,
      AuditLog audit,
      Clock clock) {
    this(jdbc, tx, backends, holds, jobs, tenants, audit, clock, null);
  }

  /**
   * @param dataKeys destroys the tenant's blob data key; null when blobs are not encrypted
   */
  public TenantErasureHandler(
      JdbcClient jdbc,
      TransactionTemplate tx,
      BlobBackends backends,
      LegalHolds holds,
      JobSubmissions jobs,
      TenantRepository tenants,
      AuditLog audit,
      Clock clock,
      DataKeyShredder dataKeys) {
    this.dataKeys = dataKeys;
    this.jdbc = jdbc;
    this.tx = tx;
    this.backends = backends;
    this.holds = holds;
    this.jobs = jobs;
    this.tenants = tenants;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String type() {
    return TenantErasureJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    TenantId tenant = new TenantId((String) execution.params().get(TenantErasureJobType.TENANT_ID));
    UUID run = execution.jobId().value();
    if (tenant.equals(execution.tenantId()) || "admin".equals(tenant.value())) {
      throw new JobFailedException(
          "cannot_erase_admin", "The admin tenant cannot erase itself.", false);
    }
    if (tenants.find(tenant).isEmpty()) {
      throw new JobFailedException("tenant_not_found", "No tenant " + tenant + ".", false);
    }
    refuseUnderHold(tenant, tx.execute(s -> holds.blockingDeletion(tenant, List.of())));

    // stop
    List<UUID> unfinished =
        jdbc.sql("select id from jobs where tenant_id = ? and status in ('queued', 'running')")
            .param(tenant.value())
            .query(UUID.class)
            .list();
    for (UUID id : unfinished) {
      jobs.requestCancel(tenant, new JobId(id));
    }
    tenants.revokeKeys(tenant);
    execution.throwIfCanceled();

    // key first: from here on no copy of its encrypted blobs (a backup, a lagging replica) can be
    // read, even before the blobs themselves are deleted
    Map<String, Object> dataKey = destroyDataKey(execution, tenant);

    // blobs
    BlobKey prefix = BlobKey.of("tenants", tenant.value());
    for (BlobStore store : backends.all()) {
      redoUnfinished(run, store);
      while (true) {
        execution.throwIfCanceled();
        List<BlobMetadata> page = store.list(prefix, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (BlobMetadata blob : page) {
          deleteBlob(run, tenant, store, blob);
        }
      }
    }

    // rows
    Map<String, Integer> rowsDeleted = tx.execute(s -> deleteRows(tenant));

    // verify
    Map<String, Object> remainingObjects = new LinkedHashMap<>();
    long objectsLeft = 0;
    for (BlobStore store : backends.all()) {
      int left = store.list(prefix, PAGE).size();
      objectsLeft += left;
      remainingObjects.put(store.backend(), left);
    }
    Map<String, Object> remainingRows = new LinkedHashMap<>();
    long rowsLeft = 0;
    for (Map.Entry<String, String> table : contentTables().entrySet()) {
      long left = jdbc.sql(table.getValue()).param(tenant.value()).query(Long.class).single();
      rowsLeft += left;
      remainingRows.put(table.getKey(), left);
    }
    if (objectsLeft > 0 || rowsLeft > 0) {
      throw new JobFailedException(
          "erasure_incomplete",
          "Erasure of "
              + tenant
              + " is not complete: objects left "
              + remainingObjects
              + ", rows left "
              + remainingRows,
          true);
    }

    if (dataKeys != null && dataKeys.destroyTenantKey(tenant)) {
      // a write that raced the erasure created a new key; its blobs are gone, now the key is too
      dataKey.put("recreated_key_destroyed_at", clock.instant().toString());
    }

    Map<String, Object> verification = new LinkedHashMap<>();
    verification.put("verified_at", clock.instant().toString());
    verification.put("remaining_objects", remainingObjects);
    verification.put("remaining_rows", remainingRows);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("tenant_id", tenant.value());
    summary.put("objects_deleted", objectsByBackend(run));
    summary.put("rows_deleted", rowsDeleted);
    summary.put("jobs_canceled", unfinished.size());
    summary.put("data_key", dataKey);
    summary.put("verification", verification);
    summary.put("kept", List.of("ledger entries", "invoices", "audit events", "the tenant id"));
    JobAssets.OutputAsset receipt = writeReceipt(execution, run, dataKey, verification);
    summary.put("receipt_asset_id", receipt.id());

    Map<String, Object> checkpoint = new LinkedHashMap<>(execution.checkpoint());
    if (!(checkpoint.get("audited") instanceof Boolean)) {
      audit.record(
          AuditEvent.of(AuditEventType.DATA_ERASED, ACTOR)
              .tenant(tenant)
              .resource("tenant", tenant.value())
              .action("erase")
              .with("job_id", execution.jobId().toString())
              .with("objects_deleted", summary.get("objects_deleted"))
              .with("rows_deleted", rowsDeleted)
              .with("data_key", dataKey)
              .with("remaining_objects", 0)
              .with("remaining_rows", 0)
              .with("receipt_asset_id", receipt.id())
              .build());
      checkpoint.put("audited", true);
      checkpoint.put("data_key", dataKey); // checkpoint() holds what earlier runs saved only
      execution.saveCheckpoint(checkpoint);
    }
    return new JobResult(List.of(receipt.id()), summary);
  }

  /**
   * Destroys the tenant's data key once per run: the first attempt records when in the checkpoint,
   * so a re-run after kill -9 reports the same destruction instead of "no key".
   */
  private Map<String, Object> destroyDataKey(JobExecution execution, TenantId tenant) {
    Map<String, Object> dataKey = new LinkedHashMap<>();
    if (dataKeys == null) {
      dataKey.put("encryption", "off");
      return dataKey;
    }
    Map<String, Object> checkpoint = new LinkedHashMap<>(execution.checkpoint());
    if (checkpoint.get("data_key") instanceof Map<?, ?> done) {
      done.forEach((k, v) -> dataKey.put((String) k, v));
      dataKeys.destroyTenantKey(tenant); // again: a write after the last attempt made a new one
      return dataKey;
    }
    boolean existed = dataKeys.destroyTenantKey(tenant);
    dataKey.put("scope", "tenants/" + tenant.value());
    dataKey.put("existed", existed);
    dataKey.put("destroyed_at", clock.instant().toString());
    checkpoint.put("data_key", new LinkedHashMap<>(dataKey));
    execution.saveCheckpoint(checkpoint);
    return dataKey;
  }

  private static void refuseUnderHold(TenantId tenant, Optional<LegalHold> hold) {
    if (hold.isPresent()) {
      throw new JobFailedException(
          "under_legal_hold",
          "Tenant "
              + tenant
              + " is under legal hold "
              + hold.get().id()
              + ": nothing is erased until it is released.",
          false);
    }
  }

  private Map<String, String> contentTables() {
    Map<String, String> tables = new LinkedHashMap<>(CONTENT_TABLES);
    if (chatInstalled()) {
      tables.putAll(CHAT_TABLES);
    }
    return tables;
  }

  private boolean chatInstalled() {
    return jdbc.sql("select to_regclass('chat_conversations') is not null")
        .query(Boolean.class)
        .single();
  }

  /** Items an earlier attempt recorded but died before marking: delete again, then mark. */
  private void redoUnfinished(UUID run, BlobStore store) throws IOException {
    List<Map<String, Object>> pending =
        jdbc.sql(
                "select seq, blob_key, bytes from lifecycle_run_items where run_id = ? and kind = 'blob' "
                    + "and backend = ? and outcome is null order by seq")
            .params(run, store.backend())
            .query()
            .listOfRows();
    for (Map<String, Object> item : pending) {
      BlobKey key = new BlobKey((String) item.get("blob_key"));
      boolean existed = store.head(key).isPresent();
      store.delete(key);
      verifyGone(store, key);
      mark(run, ((Number) item.get("seq")).longValue(), existed ? "deleted" : "gone");
    }
  }

  private void deleteBlob(UUID run, TenantId tenant, BlobStore store, BlobMetadata blob)
      throws IOException {
    String ref = store.backend() + ":" + blob.key().value();
    String assetId =
        jdbc.sql(
                "select id from assets where tenant_id = ? and backend = ? and blob_key = ? limit 1")
            .params(tenant.value(), store.backend(), blob.key().value())
            .query(String.class)
            .optional()
            .orElse(null);
    jdbc.sql(
            """
        insert into lifecycle_run_items (run_id, kind, seq, ref, asset_id, tenant_id, backend, blob_key, bytes)
        values (?, 'blob',
          (select coalesce(max(seq), 0) + 1 from lifecycle_run_items where run_id = ? and kind = 'blob'),
          ?, ?, ?, ?, ?, ?)
        on conflict do nothing""")
        .params(
            run,
            run,
            ref,
            assetId,
            tenant.value(),
            store.backend(),
            blob.key().value(),
            blob.size())
        .update();
    store.delete(blob.key());
    verifyGone(store, blob.key());
    jdbc.sql(
            """
        update lifecycle_run_items set outcome = 'deleted', done_at = ?
        where run_id = ? and kind = 'blob' and ref = ? and outcome is null""")
        .params(Timestamp.from(clock.instant()), run, ref)
        .update();
  }

  private static void verifyGone(BlobStore store, BlobKey key) throws IOException {
    if (store.head(key).isPresent()) {
      throw new JobFailedException(
          "blob_not_deleted",
          "blob " + key + " is still on backend " + store.backend() + " after its deletion",
          true);
    }
  }

  private void mark(UUID run, long seq, String outcome) {
    jdbc.sql(
            "update lifecycle_run_items set outcome = ?, done_at = ? "
                + "where run_id = ? and kind = 'blob' and seq = ?")
        .params(outcome, Timestamp.from(clock.instant()), run, seq)
        .update();
  }

  private Map<String, Integer> deleteRows(TenantId tenant) {
    refuseUnderHold(tenant, holds.blockingDeletion(tenant, List.of()));
    String t = tenant.value();
    Map<String, Integer> deleted = new LinkedHashMap<>();
    // released holds on its assets (the audit log keeps their history); an active one refused above
    jdbc.sql(
            "delete from legal_holds where tenant_id = ? and asset_id is not null and released_at is not null")
        .param(t)
        .update();
    deleted.put("assets", jdbc.sql("delete from assets where tenant_id = ?").param(t).update());
    deleted.put(
        "job_events",
        jdbc.sql(
                "delete from job_events where job_id in (select id from jobs where tenant_id = ? "
                    + "and status in ('succeeded', 'failed', 'canceled'))")
            .param(t)
            .update());
    deleted.put(
        "webhook_deliveries",
        jdbc.sql("delete from webhook_deliveries where tenant_id = ?").param(t).update());
    deleted.put(
        "idempotency_keys",
        jdbc.sql("delete from idempotency_keys where tenant_id = ?").param(t).update());
    // a job still running keeps its row until it ends; verification then fails and a retry removes
    // it
    deleted.put(
        "jobs",
        jdbc.sql(
                "delete from jobs where tenant_id = ? and status in ('succeeded', 'failed', 'canceled')")
            .param(t)
            .update());
    deleted.put(
        "webhook_endpoints",
        jdbc.sql("delete from webhook_endpoints where tenant_id = ?").param(t).update());
    jdbc.sql("delete from tenant_retention_policies where tenant_id = ?").param(t).update();
    jdbc.sql("delete from erasure_confirmations where tenant_id = ?").param(t).update();
    if (chatInstalled()) {
      deleted.put(
          "chat_messages",
          jdbc.sql("delete from chat_messages where tenant_id = ?").param(t).update());
      deleted.put(
          "chat_conversations",
          jdbc.sql("delete from chat_conversations where tenant_id = ?").param(t).update());
      jdbc.sql("delete from chat_custom_instructions where tenant_id = ?").param(t).update();
    }
    jdbc.sql(
            "update tenants set name = 'erased', webhook_secret = ?, erased_at = coalesce(erased_at, ?) "
                + "where id = ?")
        .params(ApiKeys.newWebhookSecret(), Timestamp.from(clock.instant()), t)
        .update();
    return deleted;
  }

  private Map<String, Object> objectsByBackend(UUID run) {
    Map<String, Object> byBackend = new LinkedHashMap<>();
    for (Map<String, Object> row :
        jdbc.sql(
                """
            select backend, count(*) as objects, coalesce(sum(bytes), 0) as bytes from lifecycle_run_items
            where run_id = ? and kind = 'blob' and outcome is not null group by backend order by backend""")
            .param(run)
            .query()
            .listOfRows()) {
      byBackend.put(
          (String) row.get("backend"),
          Map.of(
              "objects", ((Number) row.get("objects")).longValue(),
              "bytes", ((Number) row.get("bytes")).longValue()));
    }
    return byBackend;
  }

  private JobAssets.OutputAsset writeReceipt(
      JobExecution execution,
      UUID run,
      Map<String, Object> dataKey,
      Map<String, Object> verification)
      throws Exception {
    Path file = Files.createTempFile("erasure-", ".jsonl");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        if (dataKeys != null) {
          writeLine(out, Map.of("data_key", dataKey));
        }
        jdbc.sql(
                """
            select asset_id, backend, blob_key, bytes, done_at from lifecycle_run_items
            where run_id = ? and kind = 'blob' and outcome is not null order by seq""")
            .param(run)
            .query(
                rs -> {
                  Map<String, Object> line = new LinkedHashMap<>();
                  line.put("asset_id", rs.getString("asset_id"));
                  line.put("backend", rs.getString("backend"));
                  line.put("key", rs.getString("blob_key"));
                  line.put("bytes", rs.getLong("bytes"));
                  line.put("deleted_at", rs.getTimestamp("done_at").toInstant().toString());
                  writeLine(out, line);
                });
        writeLine(out, Map.of("verification", verification));
      }
      try (InputStream in = Files.newInputStream(file)) {
        return execution
            .assets()
            .write(RECEIPT, null, in, Files.size(file), "application/x-ndjson");
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void writeLine(BufferedWriter out, Map<String, Object> line) {
    try {
      out.write(Json.write(line));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
