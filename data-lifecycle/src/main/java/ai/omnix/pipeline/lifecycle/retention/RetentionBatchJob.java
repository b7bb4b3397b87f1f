package ai.omnix.pipeline.lifecycle.retention;

import ai.omnix.pipeline.batch.BatchJobDefinition;
import ai.omnix.pipeline.batch.BatchRunContext;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.lifecycle.BlobBackends;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A retention run as a Spring Batch job.
 *
 * <ol>
 *   <li>{@code plan} (one transaction, one snapshot): writes every item the run is to remove into
 *       {@code lifecycle_run_items}: ready assets whose deadline is at or before {@code as_of},
 *       with every ready asset derived from them (the whole lineage, whatever its own deadline,
 *       except below an output that a job asked to keep by policy, {@code retention: policy}, from
 *       a source that was not: that output and what derives from it live by their own deadlines, as
 *       the job's parameter promises); finished job records past their deadline and not yet
 *       redacted; chat conversations idle for longer than their tenant's record period. What a
 *       legal hold covers at that moment is written as {@code held}.
 *   <li>{@code assets}, {@code jobs}, {@code conversations}: chunk-oriented, reading the plan back
 *       in order. Each item is checked against legal holds again inside the chunk's transaction
 *       ({@link LegalHolds#blockingDeletion}, which locks what it checks), then removed, and the
 *       item's outcome is written in that same transaction, so a chunk is done entirely or not at
 *       all and a restart resumes after the last committed one.
 * </ol>
 *
 * <p>A dry run is the plan step alone: the same snapshot a real run at the same moment works
 * through.
 *
 * <p><b>Deleting one lineage</b> ({@link #lineage}, the {@code asset-deletion} job a tenant's
 * {@code DELETE /v1/assets/{id}} starts for an asset with many derivatives): the plan is that asset
 * (already marked deleted by the request, its bytes still there) with every ready asset derived
 * from it, deepest first, and only the {@code assets} step follows, deleting and verifying exactly
 * as a retention run does.
 *
 * <p><b>Deleting bytes.</b> The blob is deleted on the backend the asset row names and then looked
 * up again: if the backend still has it, the chunk fails (and the run with it, retryably), so no
 * receipt ever lists an object that was not verified gone. A blob already missing (a chunk whose
 * deletes ran before a crash rolled its rows back) is recorded {@code gone} with the row's size,
 * not an error.
 */
final class RetentionBatchJob implements BatchJobDefinition {
  static final String NAME = "retention-enforcement";
  static final String DRY_RUN_NAME = "retention-enforcement-dry-run";
  static final String LINEAGE_NAME = "asset-deletion";
  static final int CHUNK_STEPS = 3;

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final BlobBackends backends;
  private final LegalHolds holds;
  private final Clock clock;
  private final UUID runId;
  private final Instant asOf;
  private final int chunkSize;
  private final boolean dryRun;
  private final LineageRoot lineageRoot;

  /** The asset whose lineage an {@code asset-deletion} run removes. */
  record LineageRoot(TenantId tenant, String assetId) {}

  RetentionBatchJob(
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      Clock clock,
      UUID runId,
      Instant asOf,
      int chunkSize,
      boolean dryRun) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.backends = backends;
    this.holds = holds;
    this.clock = clock;
    this.runId = runId;
    this.asOf = asOf;
    this.chunkSize = chunkSize;
    this.dryRun = dryRun;
    this.lineageRoot = null;
  }

  private RetentionBatchJob(
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      Clock clock,
      UUID runId,
      int chunkSize,
      LineageRoot root) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.backends = backends;
    this.holds = holds;
    this.clock = clock;
    this.runId = runId;
    this.asOf = null;
    this.chunkSize = chunkSize;
    this.dryRun = false;
    this.lineageRoot = root;
  }

  /** A run that deletes one asset and everything derived from it (see the class comment). */
  static RetentionBatchJob lineage(
      DataSource dataSource,
      BlobBackends backends,
      LegalHolds holds,
      Clock clock,
      UUID runId,
      int chunkSize,
      LineageRoot root) {
    return new RetentionBatchJob(dataSource, backends, holds, clock, runId, chunkSize, root);
  }

  @Override
  public String name() {
    return lineageRoot != null ? LINEAGE_NAME : dryRun ? DRY_RUN_NAME : NAME;
  }

  /** One planned item, as the chunk steps read it back. */
  record Item(
      String kind,
      long seq,
      String ref,
      String tenant,
      String backend,
      String blobKey,
      long bytes,
      String outcome) {}

  @Override
  public Job build(BatchRunContext context) {
    Step plan =
        new StepBuilder("plan", context.repository())
            .tasklet(
                (contribution, chunkContext) -> {
                  plan();
                  return RepeatStatus.FINISHED;
                },
                context.transactionManager())
            .build();
    if (dryRun) {
      return new JobBuilder(name(), context.repository()).start(plan).build();
    }
    if (lineageRoot != null) {
      return new JobBuilder(name(), context.repository())
          .start(plan)
          .next(items(context, 0, "asset", "assets", this::deleteAsset))
          .build();
    }
    return new JobBuilder(name(), context.repository())
        .start(plan)
        .next(items(context, 0, "asset", "assets", this::deleteAsset))
        .next(items(context, 1, "job", "jobs", this::redactJob))
        .next(items(context, 2, "conversation", "conversations", this::deleteConversation))
        .build();
  }

  // ---- the plan ----------------------------------------------------------------------------

  void plan() {
    if (lineageRoot != null) {
      planLineage();
      return;
    }
    Timestamp at = Timestamp.from(asOf);
    jdbc.sql(
            """
        insert into lifecycle_run_items (run_id, kind, seq, ref, tenant_id, backend, blob_key, bytes, outcome)
        with recursive doomed(id, retention, depth) as (
          select id, retention, 0 from assets where status = 'ready' and expires_at <= :as_of
          union all
          select a.id, a.retention, d.depth + 1 from assets a join doomed d on a.source_asset_id = d.id
          where d.depth < :max_depth and a.status = 'ready'
            and not (a.retention = 'policy' and d.retention <> 'policy')
        )
        select :run, 'asset', row_number() over (order by a.tenant_id, a.id), a.id, a.tenant_id, a.backend,
          a.blob_key, a.size,
          case when exists (select 1 from legal_holds h where h.released_at is null and h.tenant_id = a.tenant_id
                              and (h.asset_id is null or h.asset_id = a.id)) then 'held' end
        from assets a where a.status = 'ready' and a.id in (select id from doomed)
        on conflict do nothing""")
        .param("run", runId)
        .param("as_of", at)
        .param("max_depth", AssetRepository.MAX_LINEAGE_DEPTH)
        .update();
    jdbc.sql(
            """
        insert into lifecycle_run_items (run_id, kind, seq, ref, tenant_id, outcome)
        select :run, 'job', row_number() over (order by j.id), j.id::text, j.tenant_id,
          case when exists (select 1 from legal_holds h where h.released_at is null and h.tenant_id = j.tenant_id
                              and h.asset_id is null) then 'held' end
        from jobs j
        where j.redacted_at is null and j.expires_at <= :as_of and j.status in ('succeeded', 'failed', 'canceled')
        on conflict do nothing""")
        .param("run", runId)
        .param("as_of", at)
        .update();
    if (chatInstalled()) {
      jdbc.sql(
              """
          insert into lifecycle_run_items (run_id, kind, seq, ref, tenant_id, outcome)
          select :run, 'conversation', row_number() over (order by c.id), c.id::text, c.tenant_id,
            case when exists (select 1 from legal_holds h where h.released_at is null and h.tenant_id = c.tenant_id
                                and h.asset_id is null) then 'held' end
          from chat_conversations c
          where c.updated_at <= cast(:as_of as timestamptz) - omnix_retention_days(c.tenant_id, 'job') * interval '1 day'
          on conflict do nothing""")
          .param("run", runId)
          .param("as_of", at)
          .update();
    }
  }

  /**
   * The root asset (whatever its status: the request marked it deleted) and every ready asset of
   * the same tenant derived from it, deepest first, so a derivative never outlives its source.
   */
  private void planLineage() {
    jdbc.sql(
            """
        insert into lifecycle_run_items (run_id, kind, seq, ref, tenant_id, backend, blob_key, bytes, outcome)
        with recursive doomed(id, depth) as (
          select id, 0 from assets where id = :root and tenant_id = :tenant
          union all
          select a.id, d.depth + 1 from assets a join doomed d on a.source_asset_id = d.id
          where d.depth < :max_depth and a.tenant_id = :tenant and a.status = 'ready'
        )
        select :run, 'asset', row_number() over (order by d.depth desc, a.id), a.id, a.tenant_id, a.backend,
          a.blob_key, a.size,
          case when exists (select 1 from legal_holds h where h.released_at is null and h.tenant_id = a.tenant_id
                              and (h.asset_id is null or h.asset_id = a.id)) then 'held' end
        from doomed d join assets a on a.id = d.id
        where a.status = 'ready' or a.id = :root
        on conflict do nothing""")
        .param("run", runId)
        .param("root", lineageRoot.assetId())
        .param("tenant", lineageRoot.tenant().value())
        .param("max_depth", AssetRepository.MAX_LINEAGE_DEPTH)
        .update();
  }

  /** The chat role's tables exist only where its migration ran (its module is on the path). */
  private boolean chatInstalled() {
    return jdbc.sql("select to_regclass('chat_conversations') is not null")
        .query(Boolean.class)
        .single();
  }

  // ---- the chunk steps ----------------------------------------------------------------------

  private interface ItemAction {
    void apply(Item item) throws IOException;
  }

  private Step items(
      BatchRunContext context, int stepIndex, String kind, String stepName, ItemAction action) {
    PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
    query.setSelectClause("kind, seq, ref, tenant_id, backend, blob_key, bytes, outcome");
    query.setFromClause("lifecycle_run_items");
    query.setWhereClause("run_id = :run and kind = :kind");
    Map<String, Order> sort = new LinkedHashMap<>();
    sort.put("seq", Order.ASCENDING);
    query.setSortKeys(sort);
    JdbcPagingItemReader<Item> reader = new JdbcPagingItemReader<>(dataSource, query);
    reader.setName(stepName);
    reader.setPageSize(chunkSize);
    reader.setParameterValues(Map.of("run", runId, "kind", kind));
    reader.setRowMapper(
        (rs, n) ->
            new Item(
                rs.getString("kind"),
                rs.getLong("seq"),
                rs.getString("ref"),
                rs.getString("tenant_id"),
                rs.getString("backend"),
                rs.getString("blob_key"),
                rs.getLong("bytes"),
                rs.getString("outcome")));
    try {
      reader.afterPropertiesSet();
    } catch (Exception e) {
      throw new IllegalStateException("retention reader " + stepName, e);
    }
    ItemWriter<Item> writer =
        (Chunk<? extends Item> chunk) -> {
          for (Item item : chunk) {
            // done by an earlier execution, or held when planned
            if (item.outcome() == null) {
              action.apply(item);
            }
          }
        };
    return new StepBuilder(stepName, context.repository())
        .<Item, Item>chunk(chunkSize)
        .reader(reader)
        .writer(writer)
        .transactionManager(context.transactionManager())
        .listener(context.progress(stepIndex, stepName, 0))
        .build();
  }

  private Optional<LegalHold> heldNow(Item item, List<String> assetIds) {
    return holds.blockingDeletion(new TenantId(item.tenant()), assetIds);
  }

  private void deleteAsset(Item item) throws IOException {
    if (heldNow(item, List.of(item.ref())).isPresent()) {
      record(item, "held", item.bytes(), 0);
      return;
    }
    BlobStore store = backends.get(item.backend());
    BlobKey key = new BlobKey(item.blobKey());
    Optional<BlobMetadata> before = store.head(key);
    store.delete(key);
    if (store.head(key).isPresent()) {
      throw new IllegalStateException(
          "asset "
              + item.ref()
              + ": blob "
              + key
              + " is still on backend "
              + item.backend()
              + " after its deletion");
    }
    jdbc.sql(
            "update assets set status = 'deleted', deleted_at = ? where id = ? and status = 'ready'")
        .params(Timestamp.from(clock.instant()), item.ref())
        .update();
    record(
        item,
        before.isPresent() ? "deleted" : "gone",
        before.map(BlobMetadata::size).orElse(item.bytes()),
        0);
  }

  private void redactJob(Item item) {
    if (heldNow(item, List.of()).isPresent()) {
      record(item, "held", 0, 0);
      return;
    }
    UUID jobId = UUID.fromString(item.ref());
    int events = jdbc.sql("delete from job_events where job_id = ?").param(jobId).update();
    jdbc.sql(
            """
        update jobs set params = '{}'::jsonb, metadata = '{}'::jsonb,
          input = case when input -> 'url' is not null then '{}'::jsonb else input end,
          result = case when result is null then null
                        else jsonb_build_object('output_asset_ids', coalesce(result -> 'output_asset_ids', '[]'::jsonb),
                                                'redacted', true)
                             || (result - 'summary' - 'output_asset_ids') end,
          error_message = case when error_message is null then null else 'redacted' end,
          checkpoint = null, follow_ups = '[]'::jsonb, webhook_url = null, redacted_at = ?
        where id = ? and redacted_at is null""")
        .params(Timestamp.from(clock.instant()), jobId)
        .update();
    jdbc.sql(
            """
        update webhook_attempts set error = null
        where delivery_id in (select id from webhook_deliveries where job_id = ?)""")
        .param(jobId)
        .update();
    jdbc.sql(
            """
        update webhook_deliveries set payload = '{"redacted":true}', last_error = null
        where job_id = ? and status <> 'pending'""")
        .param(jobId)
        .update();
    record(item, "redacted", 0, events);
  }

  private void deleteConversation(Item item) {
    if (heldNow(item, List.of()).isPresent()) {
      record(item, "held", 0, 0);
      return;
    }
    UUID id = UUID.fromString(item.ref());
    int messages =
        jdbc.sql("select count(*) from chat_messages where conversation_id = ?")
            .param(id)
            .query(Integer.class)
            .single();
    jdbc.sql("delete from chat_conversations where id = ?").param(id).update();
    record(item, "deleted", 0, messages);
  }

  private void record(Item item, String outcome, long bytes, int rowsRemoved) {
    jdbc.sql(
            """
        update lifecycle_run_items set outcome = ?, bytes = ?, rows_removed = ?, done_at = ?
        where run_id = ? and kind = ? and seq = ?""")
        .params(
            outcome,
            bytes,
            rowsRemoved,
            Timestamp.from(clock.instant()),
            runId,
            item.kind(),
            item.seq())
        .update();
  }
}
