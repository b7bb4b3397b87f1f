package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.json.Json;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The persistent job store: every state change of a job is one transaction that also appends to the
 * job's event log and, for terminal states, to the webhook outbox. Transitions made by a worker are
 * guarded by the attempt's {@code run_id}, so a stale attempt (a worker presumed dead that comes
 * back) can never overwrite a newer one. Thread-safe.
 */
public class JdbcJobStore
    implements JobSubmissions,
        JobQueries,
        JobOverview,
        OperatorJobs,
        IdempotencyKeys,
        DispatchStore,
        RunStore,
        RecoveryStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final List<JobAcceptHook> acceptHooks;
  private final List<JobEndHook> endHooks;

  /**
   * @param acceptHooks run in the transaction that inserts a submitted job (follow-ups run them
   *     through {@link FollowUpHook})
   * @param endHooks run in the transaction that ends a job; see {@link JobEndHook}
   */
  public JdbcJobStore(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      List<? extends JobAcceptHook> acceptHooks,
      List<? extends JobEndHook> endHooks) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.acceptHooks = sorted(acceptHooks, JobAcceptHook::order);
    this.endHooks = sorted(endHooks, JobEndHook::order);
  }

  private static <T> List<T> sorted(
      List<? extends T> hooks, java.util.function.ToIntFunction<T> order) {
    List<T> copy = new ArrayList<>(hooks);
    copy.sort(Comparator.comparingInt(order));
    return List.copyOf(copy);
  }

  public Inserted insert(NewJob job) {
    if (job.idempotencyKey() == null) {
      if (acceptHooks.isEmpty()) {
        return new Created(insertJob(job, clock.instant()));
      }
      return tx.execute(status -> new Created(insertAccepted(job, clock.instant())));
    }
    return tx.execute(
        status -> {
          Instant now = clock.instant();
          String tenant = job.tenant().id().value();
          // Serialises concurrent requests with the same key (neither a tenant id nor a key
          // contains a space).
          jdbc.sql("select pg_advisory_xact_lock(hashtextextended(? || ' ' || ?, 7))")
              .params(tenant, job.idempotencyKey())
              .query()
              .listOfRows();
          Optional<Map<String, Object>> existing =
              jdbc
                  .sql(
                      "select request_hash, job_id from idempotency_keys where tenant_id = ? and key = ?")
                  .params(tenant, job.idempotencyKey())
                  .query()
                  .listOfRows()
                  .stream()
                  .findFirst();
          if (existing.isPresent()) {
            JobRecord previous =
                findById(new JobId((UUID) existing.get().get("job_id"))).orElseThrow();
            return existing.get().get("request_hash").equals(job.requestHash())
                ? new Replayed(previous)
                : new KeyConflict(previous);
          }
          JobRecord created = insertAccepted(job, now);
          jdbc.sql(
                  "insert into idempotency_keys (tenant_id, key, request_hash, job_id, created_at) values (?, ?, ?, ?, ?)")
              .params(tenant, job.idempotencyKey(), job.requestHash(), job.id().value(), ts(now))
              .update();
          return new Created(created);
        });
  }

  /** Inserts the job and runs the accept hooks; call inside a transaction. */
  private JobRecord insertAccepted(NewJob job, Instant now) {
    JobRecord created = insertJob(job, now);
    AcceptedJob accepted =
        new AcceptedJob(
            created.id(),
            created.tenantId(),
            created.type(),
            created.creditsEstimated(),
            null,
            now,
            created.params());
    acceptHooks.forEach(hook -> hook.jobAccepted(accepted));
    return created;
  }

  /**
   * Stores the job, its first event and the dispatcher's wake-up in one statement: one round trip
   * on the submit path (and atomic without an explicit transaction).
   */
  private JobRecord insertJob(NewJob job, Instant now) {
    var submission = job.submission();
    return jdbc.sql(
            """
        with j as (
          insert into jobs (id, tenant_id, type, status, queue_class, plan_rank, priority, input, params, metadata,
            webhook_url, max_attempts, credits_estimated, run_after, created_at, updated_at, follow_ups, secret_params)
          values (?, ?, ?, 'queued', ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
          returning *),
        e as (
          insert into job_events (job_id, kind, status, progress, attempt, at)
          select id, 'status', 'queued', 0, 0, created_at from j),
        n as (select pg_notify(?, ''))
        select j.* from j, n""")
        .params(
            job.id().value(),
            job.tenant().id().value(),
            submission.type(),
            job.queueClass().wireName(),
            job.tenant().plan().schedulingRank(),
            submission.priority(),
            Json.write(JobRecord.inputWire(submission.input())),
            Json.write(submission.params()),
            Json.write(submission.metadata()),
            submission.webhookUrl(),
            job.maxAttempts(),
            job.creditsEstimated(),
            ts(now),
            ts(now),
            ts(now),
            Json.write(job.followUps().stream().map(ResolvedFollowUp::toStored).toList()),
            job.secretParams().stream().sorted().toArray(String[]::new),
            DISPATCH_CHANNEL)
        .query(JobRows::map)
        .single();
  }

  public Optional<JobRecord> findById(JobId id) {
    return JobRows.byId(jdbc, id);
  }

  /** A tenant's job; another tenant's job is simply absent. */
  public Optional<JobRecord> find(TenantId tenant, JobId id) {
    return jdbc.sql("select * from jobs where id = ? and tenant_id = ?")
        .params(id.value(), tenant.value())
        .query(JobRows::map)
        .optional();
  }

  public List<JobRecord> list(TenantId tenant, JobQuery query) {
    StringBuilder sql = new StringBuilder("select * from jobs where tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(tenant.value()));
    if (query.status() != null) {
      sql.append(" and status = ?");
      params.add(query.status().wireName());
    }
    if (query.type() != null) {
      sql.append(" and type = ?");
      params.add(query.type());
    }
    if (query.parentJobId() != null) {
      sql.append(" and parent_job_id = ?");
      params.add(query.parentJobId());
    }
    if (query.createdFrom() != null) {
      sql.append(" and created_at >= ?");
      params.add(ts(query.createdFrom()));
    }
    if (query.createdTo() != null) {
      sql.append(" and created_at < ?");
      params.add(ts(query.createdTo()));
    }
    if (query.cursorCreatedAt() != null) {
      sql.append(" and (created_at, id) < (?, ?)");
      params.add(ts(query.cursorCreatedAt()));
      params.add(query.cursorId());
    }
    sql.append(" order by created_at desc, id desc limit ?");
    params.add(query.limit());
    return jdbc.sql(sql.toString()).params(params).query(JobRows::map).list();
  }

  public List<JobEvent> events(JobId id, long afterEventId, int limit) {
    return jdbc.sql("select * from job_events where job_id = ? and id > ? order by id limit ?")
        .params(id.value(), afterEventId, limit)
        .query(
            (rs, n) ->
                new JobEvent(
                    rs.getLong("id"),
                    rs.getString("kind"),
                    rs.getString("status"),
                    rs.getInt("progress"),
                    rs.getInt("attempt"),
                    Json.readMap(rs.getString("data")),
                    rs.getTimestamp("at").toInstant()))
        .list();
  }

  public int unfinishedJobs(TenantId tenant) {
    return jdbc.sql(
            "select count(*) from jobs where tenant_id = ? and status in ('queued', 'running')")
        .param(tenant.value())
        .query(Integer.class)
        .single();
  }

  /**
   * What an operator on call looks at first: the backlog by class and status, its age, and who
   * holds it.
   */
  public Map<String, Object> overview(int topTenants) {
    Instant now = clock.instant();
    List<Map<String, Object>> byClass =
        jdbc.sql(
                """
        select queue_class, status, count(*) as jobs, min(created_at) as oldest from jobs
        where status in ('queued', 'running') group by queue_class, status order by queue_class, status""")
            .query(
                (rs, n) -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("queue_class", rs.getString("queue_class"));
                  row.put("status", rs.getString("status"));
                  row.put("jobs", rs.getLong("jobs"));
                  row.put(
                      "oldest_age_seconds",
                      java.time.Duration.between(rs.getTimestamp("oldest").toInstant(), now)
                          .toSeconds());
                  return row;
                })
            .list();
    List<Map<String, Object>> tenants =
        jdbc.sql(
                """
        select tenant_id, count(*) filter (where status = 'queued') as queued,
          count(*) filter (where status = 'running') as running
        from jobs where status in ('queued', 'running') group by tenant_id
        order by count(*) desc, tenant_id limit ?""")
            .param(topTenants)
            .query(
                (rs, n) -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("tenant_id", rs.getString("tenant_id"));
                  row.put("queued", rs.getLong("queued"));
                  row.put("running", rs.getLong("running"));
                  return row;
                })
            .list();
    Map<String, Object> lastHour =
        jdbc.sql(
                """
        select count(*) filter (where status = 'succeeded') as succeeded,
          count(*) filter (where status = 'failed') as failed,
          count(*) filter (where status = 'canceled') as canceled
        from jobs where finished_at >= ?""")
            .param(ts(now.minus(java.time.Duration.ofHours(1))))
            .query()
            .singleRow();
    Map<String, Object> webhooks =
        jdbc.sql(
                """
        select count(*) filter (where status = 'pending') as pending,
          count(*) filter (where status = 'failed') as failed from webhook_deliveries""")
            .query()
            .singleRow();
    List<Map<String, Object>> providers =
        jdbc.sql(
                """
        select provider, count(*) as attempts,
          count(*) filter (where outcome = 'succeeded') as succeeded,
          count(*) filter (where outcome = 'failed') as failed,
          count(*) filter (where outcome = 'timed_out') as timed_out,
          count(*) filter (where outcome = 'discarded') as discarded,
          count(*) filter (where outcome = 'abandoned') as abandoned,
          count(*) filter (where outcome = 'pending') as pending,
          coalesce(sum(cost_credits) filter (where outcome = 'discarded'), 0) as discarded_cost_credits
        from provider_attempts where started_at >= ? group by provider order by provider limit 50""")
            .param(ts(now.minus(java.time.Duration.ofHours(1))))
            .query(
                (rs, n) -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("provider", rs.getString("provider"));
                  for (String column :
                      List.of(
                          "attempts",
                          "succeeded",
                          "failed",
                          "timed_out",
                          "discarded",
                          "abandoned",
                          "pending",
                          "discarded_cost_credits")) {
                    row.put(column, rs.getLong(column));
                  }
                  return row;
                })
            .list();
    Map<String, Object> overview = new LinkedHashMap<>();
    overview.put("object", "overview");
    overview.put("at", now.toString());
    overview.put("unfinished_by_class", byClass);
    overview.put("busiest_tenants", tenants);
    overview.put("finished_last_hour", lastHour);
    overview.put("webhook_deliveries", webhooks);
    overview.put("provider_attempts_last_hour", providers);
    return overview;
  }

  // ---- dispatch
  // -------------------------------------------------------------------------------------------------

  /** Jobs handed to the executor and not finished, by tenant and queue class. */
  public List<InFlight> inFlight() {
    return jdbc.sql(
            """
        select tenant_id, queue_class, count(*) as n from jobs
        where dispatched and status in ('queued', 'running') group by tenant_id, queue_class""")
        .query(
            (rs, n) ->
                new InFlight(
                    rs.getString("tenant_id"),
                    QueueClass.fromWireName(rs.getString("queue_class")),
                    rs.getInt("n")))
        .list();
  }

  /**
   * When the earliest job that waits for its time (a retry's back-off, a suspended job's resume)
   * becomes dispatchable; empty when none waits.
   */
  public Optional<Instant> nextRunAfter() {
    return jdbc.sql(
            """
        select min(run_after) from jobs
        where not dispatched and status in ('queued', 'running') and run_after > ?""")
        .param(ts(clock.instant()))
        .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
        .single();
  }

  /**
   * The next jobs to dispatch, ordered by plan rank, priority and age. Each (tenant, queue class)
   * contributes at most as many jobs as its tenant may run at once ({@code lookaheadByPlanRank}),
   * because no pass can hand over more; so however deep one tenant's backlog, the others' jobs are
   * always among the candidates.
   */
  @Override
  public List<Candidate> dispatchCandidates(Map<Integer, Integer> lookaheadByPlanRank, int limit) {
    return dispatchCandidates(lookaheadByPlanRank, limit, null);
  }

  /**
   * As {@link #dispatchCandidates(Map, int)}, only jobs of {@code runnableTypes} (all when null): a
   * job no live worker can run stays queued without holding a place in its tenant's lookahead.
   */
  public List<Candidate> dispatchCandidates(
      Map<Integer, Integer> lookaheadByPlanRank, int limit, Collection<String> runnableTypes) {
    // "case g.plan_rank else 1 end" without a "when" is not SQL: an empty map means 1 for all.
    StringBuilder lookahead =
        new StringBuilder(lookaheadByPlanRank.isEmpty() ? "1" : "case g.plan_rank");
    lookaheadByPlanRank.forEach(
        (rank, n) ->
            lookahead.append(" when ").append((int) rank).append(" then ").append((int) n));
    if (!lookaheadByPlanRank.isEmpty()) {
      lookahead.append(" else 1 end");
    }
    return jdbc.sql(
            """
        select j.* from (
          select distinct tenant_id, queue_class, plan_rank from jobs
          where status in ('queued', 'running') and not dispatched) g
        cross join lateral (
          select id, tenant_id, type, queue_class, plan_rank, priority, created_at, attempts from jobs
          where tenant_id = g.tenant_id and queue_class = g.queue_class and status in ('queued', 'running')
            and not dispatched
            and run_after <= ?
            and (? or type = any(?))
          order by priority desc, created_at limit %s) j
        order by j.plan_rank desc, j.priority desc, j.created_at
        limit ?"""
                .formatted(lookahead))
        .params(
            ts(clock.instant()),
            runnableTypes == null,
            runnableTypes == null ? new String[0] : runnableTypes.toArray(String[]::new),
            limit)
        .query(
            (rs, n) ->
                new Candidate(
                    new JobId(rs.getObject("id", UUID.class)),
                    rs.getString("tenant_id"),
                    rs.getString("type"),
                    QueueClass.fromWireName(rs.getString("queue_class")),
                    rs.getInt("plan_rank"),
                    rs.getInt("attempts")))
        .list();
  }

  /**
   * Marks a queued job as handed to the executor under {@code runId}; false when it was canceled
   * meanwhile.
   */
  public boolean markDispatched(JobId id, UUID runId) {
    return jdbc.sql(
                """
        update jobs set dispatched = true, run_id = ?, updated_at = ?
        where id = ? and status in ('queued', 'running') and not dispatched""")
            .params(runId, ts(clock.instant()), id.value())
            .update()
        == 1;
  }

  public void notifyRunsHandedOver() {
    jdbc.sql("select pg_notify(?, '')").param(RUNS_CHANNEL).query().listOfRows();
  }

  /** Takes back a dispatch whose hand-over to the executor failed. */
  public void undispatch(JobId id, UUID runId) {
    jdbc.sql(
            """
        update jobs set dispatched = false, run_id = null
        where id = ? and run_id = ? and status in ('queued', 'running')""")
        .params(id.value(), runId)
        .update();
  }

  /**
   * Runs {@code work} in one transaction, holding the cluster-wide dispatcher lock; skips it if
   * another holds it.
   */
  public <T> Optional<T> underDispatchLock(java.util.function.Supplier<T> work) {
    return tx.execute(
        status -> {
          Boolean locked =
              jdbc.sql("select pg_try_advisory_xact_lock(7263541)").query(Boolean.class).single();
          return Boolean.TRUE.equals(locked)
              ? Optional.ofNullable(work.get())
              : Optional.<T>empty();
        });
  }

  // ---- execution
  // ------------------------------------------------------------------------------------------------

  /**
   * Starts an attempt: only the current run of a queued or running job may claim it (running covers
   * the re-run of an attempt whose worker died). Returns empty for a stale run or a finished job,
   * which the caller then skips.
   */
  @Override
  public Optional<JobRecord> claim(JobId id, UUID runId, String worker) {
    return claim(id, runId, worker, null);
  }

  /** As {@link #claim(JobId, UUID, String)}, recording which executor runs the attempt. */
  public Optional<JobRecord> claim(JobId id, UUID runId, String worker, UUID executorId) {
    return tx.execute(
        status -> {
          Instant now = clock.instant();
          Optional<JobRecord> claimed =
              jdbc.sql(
                      """
          update jobs set status = 'running', attempts = attempts + 1, worker = ?, executor_id = ?, updated_at = ?,
            started_at = coalesce(started_at, ?)
          where id = ? and run_id = ? and status in ('queued', 'running') returning *""")
                  .params(worker, executorId, ts(now), ts(now), id.value(), runId)
                  .query(JobRows::map)
                  .optional();
          claimed.ifPresent(
              job ->
                  appendEvent(
                      id,
                      "status",
                      JobStatus.RUNNING,
                      job.progress(),
                      job.attempts(),
                      Map.of("worker", worker),
                      now));
          return claimed;
        });
  }

  /**
   * Gives back a claimed attempt this worker cannot run (it has no handler for the job's type): the
   * job returns to the queue for a worker that has one, not before {@code runAfter}, and the
   * attempt does not count.
   */
  public Optional<JobRecord> handBack(JobId id, UUID runId, String worker, Instant runAfter) {
    return tx.execute(
        status -> {
          Instant now = clock.instant();
          Optional<JobRecord> job =
              jdbc.sql(
                      """
          update jobs set status = 'queued', dispatched = false, run_id = null, worker = null, executor_id = null,
            attempts = greatest(attempts - 1, 0), run_after = ?, updated_at = ?
          where id = ? and run_id = ? and status = 'running' returning *""")
                  .params(ts(runAfter), ts(now), id.value(), runId)
                  .query(JobRows::map)
                  .optional();
          job.ifPresent(
              j -> {
                appendEvent(
                    id,
                    "status",
                    JobStatus.QUEUED,
                    j.progress(),
                    j.attempts(),
                    Map.of("reason", "job_type_unavailable", "worker", worker),
                    now);
                notifyDispatcher();
              });
          return job;
        });
  }

  /**
   * Records a running attempt's progress; false when the run is stale. Progress never goes back
   * within an attempt: a lower (or equal) value than the stored one is neither stored nor emitted
   * as an event, but still counts as a sign of life. A new attempt (a retry, a lost run's re-run)
   * starts again from 0.
   */
  public boolean reportProgress(JobId id, UUID runId, int percent) {
    return Boolean.TRUE.equals(
        tx.execute(
            status -> {
              Instant now = clock.instant();
              Optional<Map.Entry<JobRecord, Integer>> job =
                  jdbc.sql(
                          """
          with before as (
            select progress from jobs where id = ? and run_id = ? and status = 'running' for update)
          update jobs j set progress = greatest(j.progress, ?), updated_at = ? from before
          where j.id = ? and j.run_id = ? and j.status = 'running'
          returning j.*, before.progress as previous_progress""")
                      .params(id.value(), runId, percent, ts(now), id.value(), runId)
                      .query(
                          (rs, n) -> Map.entry(JobRows.map(rs, n), rs.getInt("previous_progress")))
                      .optional();
              job.filter(j -> percent > j.getValue())
                  .ifPresent(
                      j ->
                          appendEvent(
                              id,
                              "progress",
                              JobStatus.RUNNING,
                              percent,
                              j.getKey().attempts(),
                              null,
                              now));
              return job.isPresent();
            }));
  }

  public Optional<JobRecord> succeed(JobId id, UUID runId, JobResult result) {
    Map<String, Object> wire = JobOutputs.boundedResult(result.outputAssetIds(), result.summary());
    return finish(
        id, runId, JobStatus.SUCCEEDED, wire, null, result.creditsUsed(), result.outputAssetIds());
  }

  public Optional<JobRecord> fail(JobId id, UUID runId, JobFailure failure) {
    return finish(id, runId, JobStatus.FAILED, null, failure, null, List.of());
  }

  public Optional<JobRecord> markCanceled(JobId id, UUID runId) {
    return finish(id, runId, JobStatus.CANCELED, null, null, null, List.of());
  }

  /**
   * Writes the terminal status, its event and what the job used, then runs every {@link
   * JobEndHook}, all in one transaction.
   */
  private Optional<JobRecord> finish(
      JobId id,
      UUID runId,
      JobStatus terminal,
      Map<String, Object> result,
      JobFailure failure,
      Long creditsUsed,
      List<String> outputs) {
    return tx.execute(
        status -> {
          Instant now = clock.instant();
          Optional<JobRecord> job =
              jdbc.sql(
                      """
          update jobs set status = ?, result = ?::jsonb, error_code = ?, error_message = ?, error_retryable = ?,
            progress = case when ? = 'succeeded' then 100 else progress end, updated_at = ?, finished_at = ?,
            credits_actual = coalesce(?, credits_actual)
          where id = ? and (run_id = ? or ?::uuid is null) and status in ('queued', 'running') returning *""")
                  .params(
                      terminal.wireName(),
                      result == null ? null : Json.write(result),
                      failure == null ? null : failure.code(),
                      failure == null ? null : failure.message(),
                      failure == null ? null : failure.retryable(),
                      terminal.wireName(),
                      ts(now),
                      ts(now),
                      creditsUsed,
                      id.value(),
                      runId,
                      runId)
                  .query(JobRows::map)
                  .optional();
          job.ifPresent(
              j -> {
                Map<String, Object> data =
                    failure == null
                        ? null
                        : Map.of(
                            "code",
                            failure.code(),
                            "message",
                            failure.message(),
                            "retryable",
                            failure.retryable());
                appendEvent(id, "status", terminal, j.progress(), j.attempts(), data, now);
                JobOutputs.record(jdbc, id, outputs);
                EndedJob ended = j.ended();
                endHooks.forEach(hook -> hook.jobEnded(ended));
                redactSecrets(j);
                notifyDispatcher();
              });
          return job;
        });
  }

  /**
   * Removes an ended job's write-only parameters from its row (its own and those its follow-up
   * specs carry, once the follow-ups were created), in the transaction that ended it: nothing runs
   * the job again, so nothing needs them.
   */
  private void redactSecrets(JobRecord job) {
    boolean followUpSecrets = false;
    List<Map<String, Object>> followUps = new ArrayList<>();
    for (ResolvedFollowUp stored : job.followUps()) {
      ResolvedFollowUp redacted = stored.withoutSecrets();
      followUpSecrets |= redacted != stored;
      followUps.add(redacted.toStored());
    }
    if (job.secretParams().isEmpty() && !followUpSecrets) {
      return;
    }
    jdbc.sql("update jobs set params = params - ?::text[], follow_ups = ?::jsonb where id = ?")
        .params(job.secretParams().toArray(String[]::new), Json.write(followUps), job.id().value())
        .update();
  }

  /**
   * Saves a running attempt's checkpoint; false when the run is stale (the job moved on without
   * it).
   */
  public boolean saveCheckpoint(JobId id, UUID runId, Map<String, Object> checkpoint) {
    return jdbc.sql(
                """
        update jobs set checkpoint = ?::jsonb, updated_at = ? where id = ? and run_id = ? and status = 'running'""")
            .params(Json.write(checkpoint), ts(clock.instant()), id.value(), runId)
            .update()
        == 1;
  }

  /**
   * Gives a running attempt's slot back while its job waits on something outside: the job stays
   * {@code running}, is dispatched again as a new run not before {@code resumeAt} (at once if a
   * provider slot it waits for was freed for it while it ran), and the suspended run does not count
   * as one of its attempts.
   */
  public Optional<JobRecord> suspend(JobId id, UUID runId, Instant resumeAt, String reason) {
    return tx.execute(
        status -> {
          Instant now = clock.instant();
          // A cancel that arrived while this run worked ends the job now rather than at its next
          // run.
          boolean canceled =
              jdbc.sql(
                      "select cancel_requested_at is not null from jobs where id = ? and run_id = ?"
                          + " and status = 'running' for update")
                  .params(id.value(), runId)
                  .query(Boolean.class)
                  .optional()
                  .orElse(false);
          if (canceled) {
            return finish(id, runId, JobStatus.CANCELED, null, null, null, List.of());
          }
          Optional<JobRecord> job =
              jdbc.sql(
                      """
          update jobs set dispatched = false, run_id = null, worker = null, executor_id = null,
            run_after = case when wake_requested then cast(? as timestamptz) else cast(? as timestamptz) end,
            wake_requested = false,
            attempts = greatest(attempts - 1, 0), updated_at = ?
          where id = ? and run_id = ? and status = 'running' returning *""")
                  .params(ts(now), ts(resumeAt), ts(now), id.value(), runId)
                  .query(JobRows::map)
                  .optional();
          job.ifPresent(
              j -> {
                appendEvent(
                    id,
                    "status",
                    JobStatus.RUNNING,
                    j.progress(),
                    j.attempts(),
                    Map.of("waiting", reason, "resume_at", resumeAt.toString()),
                    now);
                notifyDispatcher();
              });
          return job;
        });
  }

  /**
   * Puts a failed attempt back in the queue, to be dispatched again as a new run not before {@code
   * runAfter}.
   */
  public Optional<JobRecord> retryLater(
      JobId id, UUID runId, JobFailure failure, Instant runAfter) {
    return tx.execute(
        status -> {
          Instant now = clock.instant();
          Optional<JobRecord> job =
              jdbc.sql(
                      """
          update jobs set status = 'queued', dispatched = false, run_id = null, run_after = ?, error_code = ?,
            error_message = ?, error_retryable = true, worker = null, updated_at = ?, progress = 0
          where id = ? and run_id = ? and status = 'running' returning *""")
                  .params(
                      ts(runAfter), failure.code(), failure.message(), ts(now), id.value(), runId)
                  .query(JobRows::map)
                  .optional();
          job.ifPresent(
              j -> {
                appendEvent(
                    id,
                    "status",
                    JobStatus.QUEUED,
                    j.progress(),
                    j.attempts(),
                    Map.of(
                        "retry_after",
                        runAfter.toString(),
                        "code",
                        failure.code(),
                        "message",
                        failure.message()),
                    now);
                notifyDispatcher();
              });
          return job;
        });
  }

  /**
   * Cancels a tenant's job. A job not yet dispatched, or dispatched but not started, ends at once;
   * a running job is flagged and its worker stops it. Returns the job as it stands after the
   * request, or empty when it is not the tenant's.
   */
  public Optional<JobRecord> requestCancel(TenantId tenant, JobId id) {
    return tx.execute(
        status -> {
          Optional<JobRecord> job =
              jdbc.sql("select * from jobs where id = ? and tenant_id = ? for update")
                  .params(id.value(), tenant.value())
                  .query(JobRows::map)
                  .optional();
          if (job.isEmpty() || job.get().status().isTerminal()) {
            return job;
          }
          Instant now = clock.instant();
          jdbc.sql(
                  "update jobs set cancel_requested_at = coalesce(cancel_requested_at, ?), updated_at = ? where id = ?")
              .params(ts(now), ts(now), id.value())
              .update();
          if (job.get().status() == JobStatus.QUEUED || !job.get().dispatched()) {
            return finish(id, null, JobStatus.CANCELED, null, null, null, List.of());
          }
          return findById(id);
        });
  }

  /** Of the given jobs, those whose cancel was requested. */
  public List<JobId> cancelRequested(Collection<JobId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    UUID[] array = ids.stream().map(JobId::value).toArray(UUID[]::new);
    return jdbc.sql("select id from jobs where id = any(?) and cancel_requested_at is not null")
        .param(array)
        .query((rs, n) -> new JobId(rs.getObject("id", UUID.class)))
        .list();
  }

  /**
   * Records a side effect of a job once. Returns true when this call recorded it, false when an
   * earlier attempt had.
   */
  public boolean recordEffect(JobId id, String effectKey, int attempt) {
    return jdbc.sql(
                """
        insert into job_effects (job_id, effect_key, attempt, at) values (?, ?, ?, ?)
        on conflict do nothing""")
            .params(id.value(), effectKey, attempt, ts(clock.instant()))
            .update()
        == 1;
  }

  // ---- repair
  // ---------------------------------------------------------------------------------------------------

  /**
   * Dispatched, unfinished jobs not touched since {@code before}: candidates for the sweeper's
   * check.
   */
  public List<JobRecord> dispatchedNotUpdatedSince(Instant before, int limit) {
    return jdbc.sql(
            """
        select * from jobs where dispatched and status in ('queued', 'running') and updated_at < ?
        order by updated_at limit ?""")
        .params(ts(before), limit)
        .query(JobRows::map)
        .list();
  }

  public List<RunningAttempt> runningAttempts(int limit) {
    return jdbc.sql(
            """
        select id, run_id, executor_id from jobs where status = 'running' and executor_id is not null limit ?""")
        .param(limit)
        .query(
            (rs, n) ->
                new RunningAttempt(
                    new JobId(rs.getObject("id", UUID.class)),
                    rs.getObject("run_id", UUID.class),
                    rs.getObject("executor_id", UUID.class)))
        .list();
  }

  /**
   * Returns a job whose run was lost (the executor has no live record of it) to the queue as a
   * fresh run, or fails it when its attempts are used up. Guarded by the run id so a concurrent
   * progress update wins.
   */
  public Optional<JobRecord> recoverLostRun(JobId id, UUID runId) {
    return tx.execute(
        status -> {
          Optional<JobRecord> job =
              jdbc.sql("select * from jobs where id = ? and run_id = ? for update")
                  .params(id.value(), runId)
                  .query(JobRows::map)
                  .optional();
          if (job.isEmpty() || job.get().status().isTerminal()) {
            return Optional.<JobRecord>empty();
          }
          JobRecord j = job.get();
          if (j.cancelRequestedAt() != null) {
            return finish(id, runId, JobStatus.CANCELED, null, null, null, List.of());
          }
          if (j.attempts() >= j.maxAttempts()) {
            return fail(
                id,
                runId,
                new JobFailure(
                    "worker_lost",
                    "The worker running this job stopped responding and the job used all "
                        + j.maxAttempts()
                        + " attempts.",
                    false));
          }
          Instant now = clock.instant();
          jdbc.sql(
                  """
          update jobs set status = 'queued', dispatched = false, run_id = null, worker = null, run_after = ?,
            updated_at = ?, progress = 0 where id = ?""")
              .params(ts(now), ts(now), id.value())
              .update();
          appendEvent(
              id, "status", JobStatus.QUEUED, 0, j.attempts(), Map.of("reason", "run_lost"), now);
          notifyDispatcher();
          return findById(id);
        });
  }

  public int purgeIdempotencyKeys(Instant createdBefore) {
    return jdbc.sql("delete from idempotency_keys where created_at < ?")
        .param(ts(createdBefore))
        .update();
  }

  void appendEvent(
      JobId id,
      String kind,
      JobStatus status,
      int progress,
      int attempt,
      Map<String, Object> data,
      Instant at) {
    JobRows.appendEvent(jdbc, id, kind, status, progress, attempt, data, at);
  }

  void notifyDispatcher() {
    jdbc.sql("select pg_notify(?, '')").param(DISPATCH_CHANNEL).query().listOfRows();
  }

  static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }
}
