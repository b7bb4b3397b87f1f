package ai.omnix.pipeline.store.job.memory;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.DispatchStore;
import ai.omnix.pipeline.store.job.JobEvent;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.job.RecoveryStore;
import ai.omnix.pipeline.store.job.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The worker-side store ports (and submission, to feed them) in memory, for fast unit tests of the
 * dispatcher, runner and sweeper; JobRunr's {@code InMemoryStorageProvider} is the model. It passes
 * the same {@code WorkerStoreContract} as {@code JdbcJobStore}. Every call is atomic under one
 * monitor; the end-of-job hooks run inside it, after the terminal state is written (there is no
 * transaction to roll back, so a hook that throws leaves the job ended). Not modelled: provider
 * wake-ups ({@code wake_requested}), follow-up creation (a JDBC end hook) and NOTIFY.
 */
public final class InMemoryJobStore
    implements JobSubmissions, DispatchStore, RunStore, RecoveryStore {

  private final Clock clock;
  private final List<JobAcceptHook> acceptHooks;
  private final List<JobEndHook> endHooks;
  private final Map<JobId, Row> rows = new LinkedHashMap<>();
  private final Map<List<String>, IdempotencyKey> keys = new LinkedHashMap<>();
  private final Set<List<Object>> effects = new HashSet<>();
  private final List<Map.Entry<JobId, JobEvent>> events = new ArrayList<>();
  private final ReentrantLock dispatchLock = new ReentrantLock();
  private long nextEventId = 1;
  private int runsHandedOverNotices;

  public InMemoryJobStore(Clock clock) {
    this(clock, List.of(), List.of());
  }

  public InMemoryJobStore(
      Clock clock, List<? extends JobAcceptHook> acceptHooks, List<? extends JobEndHook> endHooks) {
    this.clock = clock;
    List<JobAcceptHook> accept = new ArrayList<>(acceptHooks);
    accept.sort(Comparator.comparingInt(JobAcceptHook::order));
    this.acceptHooks = List.copyOf(accept);
    List<JobEndHook> end = new ArrayList<>(endHooks);
    end.sort(Comparator.comparingInt(JobEndHook::order));
    this.endHooks = List.copyOf(end);
  }

  private record IdempotencyKey(String requestHash, JobId job) {}

  /** A job row; mutable, only touched under the store's monitor. */
  private static final class Row {
    JobId id;
    TenantId tenant;
    String type;
    JobStatus status;
    QueueClass queueClass;
    int priority;
    JobInput input;
    Map<String, Object> params;
    Map<String, Object> metadata;
    String webhookUrl;
    Map<String, Object> result;
    JobFailure failure;
    int progress;
    int attempts;
    int maxAttempts;
    long creditsEstimated;
    boolean dispatched;
    UUID runId;
    Instant runAfter;
    Instant cancelRequestedAt;
    Instant createdAt;
    Instant updatedAt;
    Instant startedAt;
    Instant finishedAt;
    List<ai.omnix.pipeline.store.job.ResolvedFollowUp> followUps;
    int planRank;
    Map<String, Object> checkpoint;
    Long creditsActual;
    Set<String> secretParams;
    String worker;
    UUID executorId;

    boolean unfinished() {
      return !status.isTerminal();
    }

    boolean runs(UUID run) {
      return run != null && run.equals(runId);
    }

    JobRecord record() {
      return new JobRecord(
          id,
          tenant,
          type,
          status,
          queueClass,
          priority,
          input,
          params,
          metadata,
          webhookUrl,
          result,
          failure,
          progress,
          attempts,
          maxAttempts,
          creditsEstimated,
          dispatched,
          runId,
          runAfter,
          cancelRequestedAt,
          createdAt,
          updatedAt,
          startedAt,
          finishedAt,
          null,
          followUps,
          planRank,
          checkpoint,
          creditsActual,
          secretParams);
    }
  }

  // ---- reads for tests

  public synchronized Optional<JobRecord> findById(JobId id) {
    return Optional.ofNullable(rows.get(id)).map(Row::record);
  }

  /** The job's events, oldest first. */
  public synchronized List<JobEvent> events(JobId id) {
    return events.stream().filter(e -> e.getKey().equals(id)).map(Map.Entry::getValue).toList();
  }

  /** How often {@link #notifyRunsHandedOver()} was called. */
  public synchronized int runsHandedOverNotices() {
    return runsHandedOverNotices;
  }

  // ---- submissions

  @Override
  public synchronized Inserted insert(NewJob job) {
    Instant now = clock.instant();
    if (job.idempotencyKey() != null) {
      List<String> key = List.of(job.tenant().id().value(), job.idempotencyKey());
      IdempotencyKey existing = keys.get(key);
      if (existing != null) {
        JobRecord previous = rows.get(existing.job()).record();
        return Objects.equals(existing.requestHash(), job.requestHash())
            ? new Replayed(previous)
            : new KeyConflict(previous);
      }
    }
    Row row = new Row();
    var submission = job.submission();
    row.id = job.id();
    row.tenant = job.tenant().id();
    row.type = submission.type();
    row.status = JobStatus.QUEUED;
    row.queueClass = job.queueClass();
    row.planRank = job.tenant().plan().schedulingRank();
    row.priority = submission.priority();
    row.input = submission.input();
    row.params = new LinkedHashMap<>(submission.params());
    row.metadata = new LinkedHashMap<>(submission.metadata());
    row.webhookUrl = submission.webhookUrl();
    row.maxAttempts = job.maxAttempts();
    row.creditsEstimated = job.creditsEstimated();
    row.runAfter = now;
    row.createdAt = now;
    row.updatedAt = now;
    row.followUps = new ArrayList<>(job.followUps());
    row.secretParams = job.secretParams();
    // Accept hooks first: one that refuses leaves nothing stored, as the rolled-back transaction.
    AcceptedJob accepted =
        new AcceptedJob(row.id, row.tenant, row.type, row.creditsEstimated, null, now);
    acceptHooks.forEach(hook -> hook.jobAccepted(accepted));
    rows.put(row.id, row);
    event(row, "status", JobStatus.QUEUED, 0, 0, null, now);
    if (job.idempotencyKey() != null) {
      keys.put(
          List.of(job.tenant().id().value(), job.idempotencyKey()),
          new IdempotencyKey(job.requestHash(), row.id));
    }
    return new Created(row.record());
  }

  @Override
  public synchronized Optional<JobRecord> requestCancel(TenantId tenant, JobId id) {
    Row row = rows.get(id);
    if (row == null || !row.tenant.equals(tenant)) {
      return Optional.empty();
    }
    if (!row.unfinished()) {
      return Optional.of(row.record());
    }
    Instant now = clock.instant();
    row.cancelRequestedAt = row.cancelRequestedAt == null ? now : row.cancelRequestedAt;
    row.updatedAt = now;
    if (row.status == JobStatus.QUEUED || !row.dispatched) {
      return finish(row, null, JobStatus.CANCELED, null, null, null);
    }
    return Optional.of(row.record());
  }

  // ---- dispatch

  @Override
  public synchronized List<InFlight> inFlight() {
    Map<List<Object>, Integer> counts = new LinkedHashMap<>();
    for (Row row : rows.values()) {
      if (row.dispatched && row.unfinished()) {
        counts.merge(List.of(row.tenant.value(), row.queueClass), 1, Integer::sum);
      }
    }
    List<InFlight> inFlight = new ArrayList<>();
    counts.forEach(
        (k, n) -> inFlight.add(new InFlight((String) k.get(0), (QueueClass) k.get(1), n)));
    return inFlight;
  }

  @Override
  public synchronized Optional<Instant> nextRunAfter() {
    Instant now = clock.instant();
    return rows.values().stream()
        .filter(r -> !r.dispatched && r.unfinished() && r.runAfter.isAfter(now))
        .map(r -> r.runAfter)
        .min(Comparator.naturalOrder());
  }

  @Override
  public synchronized List<Candidate> dispatchCandidates(
      Map<Integer, Integer> lookaheadByPlanRank, int limit, Collection<String> runnableTypes) {
    Instant now = clock.instant();
    Comparator<Row> withinGroup =
        Comparator.<Row>comparingInt(r -> -r.priority).thenComparing(r -> r.createdAt);
    Set<List<Object>> groups = new java.util.LinkedHashSet<>();
    for (Row row : rows.values()) {
      if (!row.dispatched && row.unfinished()) {
        groups.add(List.of(row.tenant, row.queueClass, row.planRank));
      }
    }
    List<Row> picked = new ArrayList<>();
    for (List<Object> group : groups) {
      int lookahead = lookaheadByPlanRank.getOrDefault((Integer) group.get(2), 1);
      rows.values().stream()
          .filter(r -> r.tenant.equals(group.get(0)) && r.queueClass == group.get(1))
          .filter(r -> !r.dispatched && r.unfinished() && !r.runAfter.isAfter(now))
          .filter(r -> runnableTypes == null || runnableTypes.contains(r.type))
          .sorted(withinGroup)
          .limit(lookahead)
          .forEach(picked::add);
    }
    return picked.stream()
        .sorted(
            Comparator.<Row>comparingInt(r -> -r.planRank)
                .thenComparingInt(r -> -r.priority)
                .thenComparing(r -> r.createdAt))
        .limit(limit)
        .map(
            r ->
                new Candidate(r.id, r.tenant.value(), r.type, r.queueClass, r.planRank, r.attempts))
        .toList();
  }

  @Override
  public synchronized boolean markDispatched(JobId id, UUID runId) {
    Row row = rows.get(id);
    if (row == null || !row.unfinished() || row.dispatched) {
      return false;
    }
    row.dispatched = true;
    row.runId = runId;
    row.updatedAt = clock.instant();
    return true;
  }

  @Override
  public synchronized void undispatch(JobId id, UUID runId) {
    Row row = rows.get(id);
    if (row != null && row.runs(runId) && row.unfinished()) {
      row.dispatched = false;
      row.runId = null;
    }
  }

  @Override
  public synchronized void notifyRunsHandedOver() {
    runsHandedOverNotices++;
  }

  @Override
  public <T> Optional<T> underDispatchLock(Supplier<T> work) {
    if (!dispatchLock.tryLock()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(work.get());
    } finally {
      dispatchLock.unlock();
    }
  }

  // ---- runs

  @Override
  public synchronized Optional<JobRecord> claim(
      JobId id, UUID runId, String worker, UUID executorId) {
    Row row = rows.get(id);
    if (row == null || !row.runs(runId) || !row.unfinished()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    row.status = JobStatus.RUNNING;
    row.attempts++;
    row.worker = worker;
    row.executorId = executorId;
    row.updatedAt = now;
    row.startedAt = row.startedAt == null ? now : row.startedAt;
    event(
        row,
        "status",
        JobStatus.RUNNING,
        row.progress,
        row.attempts,
        Map.of("worker", worker),
        now);
    return Optional.of(row.record());
  }

  @Override
  public synchronized Optional<JobRecord> handBack(
      JobId id, UUID runId, String worker, Instant runAfter) {
    Row row = running(id, runId);
    if (row == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    row.status = JobStatus.QUEUED;
    row.dispatched = false;
    row.runId = null;
    row.worker = null;
    row.executorId = null;
    row.attempts = Math.max(row.attempts - 1, 0);
    row.runAfter = runAfter;
    row.updatedAt = now;
    event(
        row,
        "status",
        JobStatus.QUEUED,
        row.progress,
        row.attempts,
        Map.of("reason", "job_type_unavailable", "worker", worker),
        now);
    return Optional.of(row.record());
  }

  @Override
  public synchronized boolean reportProgress(JobId id, UUID runId, int percent) {
    Row row = running(id, runId);
    if (row == null) {
      return false;
    }
    Instant now = clock.instant();
    int previous = row.progress;
    row.progress = Math.max(previous, percent);
    row.updatedAt = now;
    if (percent > previous) {
      event(row, "progress", JobStatus.RUNNING, percent, row.attempts, null, now);
    }
    return true;
  }

  @Override
  public synchronized boolean saveCheckpoint(JobId id, UUID runId, Map<String, Object> checkpoint) {
    Row row = running(id, runId);
    if (row == null) {
      return false;
    }
    row.checkpoint = new LinkedHashMap<>(checkpoint);
    row.updatedAt = clock.instant();
    return true;
  }

  @Override
  public synchronized boolean recordEffect(JobId id, String effectKey, int attempt) {
    return effects.add(List.of(id, effectKey));
  }

  @Override
  public synchronized List<JobId> cancelRequested(Collection<JobId> ids) {
    return ids.stream()
        .filter(id -> rows.containsKey(id) && rows.get(id).cancelRequestedAt != null)
        .toList();
  }

  @Override
  public synchronized Optional<JobRecord> succeed(JobId id, UUID runId, JobResult result) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("output_asset_ids", result.outputAssetIds());
    wire.put("summary", result.summary());
    return finish(rows.get(id), runId, JobStatus.SUCCEEDED, wire, null, result.creditsUsed());
  }

  @Override
  public synchronized Optional<JobRecord> fail(JobId id, UUID runId, JobFailure failure) {
    return finish(rows.get(id), runId, JobStatus.FAILED, null, failure, null);
  }

  @Override
  public synchronized Optional<JobRecord> markCanceled(JobId id, UUID runId) {
    return finish(rows.get(id), runId, JobStatus.CANCELED, null, null, null);
  }

  @Override
  public synchronized Optional<JobRecord> retryLater(
      JobId id, UUID runId, JobFailure failure, Instant runAfter) {
    Row row = running(id, runId);
    if (row == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    row.status = JobStatus.QUEUED;
    row.dispatched = false;
    row.runId = null;
    row.runAfter = runAfter;
    row.failure = new JobFailure(failure.code(), failure.message(), true);
    row.worker = null;
    row.updatedAt = now;
    row.progress = 0;
    event(
        row,
        "status",
        JobStatus.QUEUED,
        row.progress,
        row.attempts,
        Map.of(
            "retry_after",
            runAfter.toString(),
            "code",
            failure.code(),
            "message",
            failure.message()),
        now);
    return Optional.of(row.record());
  }

  @Override
  public synchronized Optional<JobRecord> suspend(
      JobId id, UUID runId, Instant resumeAt, String reason) {
    Row row = running(id, runId);
    if (row == null) {
      return Optional.empty();
    }
    if (row.cancelRequestedAt != null) {
      return finish(row, runId, JobStatus.CANCELED, null, null, null);
    }
    Instant now = clock.instant();
    row.dispatched = false;
    row.runId = null;
    row.worker = null;
    row.executorId = null;
    row.runAfter = resumeAt;
    row.attempts = Math.max(row.attempts - 1, 0);
    row.updatedAt = now;
    event(
        row,
        "status",
        JobStatus.RUNNING,
        row.progress,
        row.attempts,
        Map.of("waiting", reason, "resume_at", resumeAt.toString()),
        now);
    return Optional.of(row.record());
  }

  // ---- recovery

  @Override
  public synchronized List<JobRecord> dispatchedNotUpdatedSince(Instant before, int limit) {
    return rows.values().stream()
        .filter(r -> r.dispatched && r.unfinished() && r.updatedAt.isBefore(before))
        .sorted(Comparator.comparing(r -> r.updatedAt))
        .limit(limit)
        .map(Row::record)
        .toList();
  }

  @Override
  public synchronized List<RunningAttempt> runningAttempts(int limit) {
    return rows.values().stream()
        .filter(r -> r.status == JobStatus.RUNNING && r.executorId != null)
        .limit(limit)
        .map(r -> new RunningAttempt(r.id, r.runId, r.executorId))
        .toList();
  }

  @Override
  public synchronized Optional<JobRecord> recoverLostRun(JobId id, UUID runId) {
    Row row = rows.get(id);
    if (row == null || !row.runs(runId) || !row.unfinished()) {
      return Optional.empty();
    }
    if (row.cancelRequestedAt != null) {
      return finish(row, runId, JobStatus.CANCELED, null, null, null);
    }
    if (row.attempts >= row.maxAttempts) {
      return finish(
          row,
          runId,
          JobStatus.FAILED,
          null,
          new JobFailure(
              "worker_lost",
              "The worker running this job stopped responding and the job used all "
                  + row.maxAttempts
                  + " attempts.",
              false),
          null);
    }
    Instant now = clock.instant();
    row.status = JobStatus.QUEUED;
    row.dispatched = false;
    row.runId = null;
    row.worker = null;
    row.runAfter = now;
    row.updatedAt = now;
    row.progress = 0;
    event(row, "status", JobStatus.QUEUED, 0, row.attempts, Map.of("reason", "run_lost"), now);
    return Optional.of(row.record());
  }

  // ----

  private Row running(JobId id, UUID runId) {
    Row row = rows.get(id);
    return row != null && row.runs(runId) && row.status == JobStatus.RUNNING ? row : null;
  }

  /** As the JDBC store's finish: guarded by the run id unless it is null (a cancel). */
  private Optional<JobRecord> finish(
      Row row,
      UUID runId,
      JobStatus terminal,
      Map<String, Object> result,
      JobFailure failure,
      Long creditsUsed) {
    if (row == null || !row.unfinished() || (runId != null && !row.runs(runId))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    row.status = terminal;
    row.result = result;
    row.failure = failure;
    if (terminal == JobStatus.SUCCEEDED) {
      row.progress = 100;
    }
    row.updatedAt = now;
    row.finishedAt = now;
    row.creditsActual = creditsUsed != null ? creditsUsed : row.creditsActual;
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
    event(row, "status", terminal, row.progress, row.attempts, data, now);
    JobRecord ended = row.record();
    endHooks.forEach(hook -> hook.jobEnded(ended.ended()));
    if (!row.secretParams.isEmpty()) {
      Map<String, Object> params = new LinkedHashMap<>(row.params);
      params.keySet().removeAll(row.secretParams);
      row.params = params;
    }
    row.followUps =
        row.followUps.stream()
            .map(ai.omnix.pipeline.store.job.ResolvedFollowUp::withoutSecrets)
            .toList();
    return Optional.of(ended);
  }

  private void event(
      Row row,
      String kind,
      JobStatus status,
      int progress,
      int attempt,
      Map<String, Object> data,
      Instant at) {
    events.add(
        Map.entry(
            row.id,
            new JobEvent(nextEventId++, kind, status.wireName(), progress, attempt, data, at)));
  }
}
