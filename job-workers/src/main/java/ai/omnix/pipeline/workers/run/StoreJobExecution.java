package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link JobExecution} backed by the job store. Progress writes are coalesced to one per
 * interval.
 */
final class StoreJobExecution implements JobExecution {
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

  private final JobRecord job;
  private final UUID runId;
  private final RunStore jobs;
  private final Clock clock;
  private final Thread thread;
  private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
  private volatile boolean canceled;
  private int lastProgress;
  private Instant lastProgressAt = Instant.EPOCH;
  private Map<String, Object> checkpoint;

  private final java.util.function.Supplier<ai.omnix.pipeline.core.job.handler.JobAssets> assets;

  StoreJobExecution(
      JobRecord job,
      UUID runId,
      RunStore jobs,
      Clock clock,
      Thread thread,
      java.util.function.Supplier<ai.omnix.pipeline.core.job.handler.JobAssets> assets) {
    this.assets = assets;
    this.job = job;
    this.runId = runId;
    this.jobs = jobs;
    this.clock = clock;
    this.thread = thread;
    this.lastProgress = job.progress();
    this.checkpoint = job.checkpoint() == null ? Map.of() : job.checkpoint();
  }

  @Override
  public JobId jobId() {
    return job.id();
  }

  @Override
  public TenantId tenantId() {
    return job.tenantId();
  }

  @Override
  public ai.omnix.pipeline.core.tenant.Plan plan() {
    return ai.omnix.pipeline.core.tenant.Plan.ofSchedulingRank(job.planRank())
        .orElse(ai.omnix.pipeline.core.tenant.Plan.FREE);
  }

  @Override
  public String type() {
    return job.type();
  }

  @Override
  public JobInput input() {
    return job.input();
  }

  @Override
  public Map<String, Object> params() {
    return job.params();
  }

  @Override
  public ai.omnix.pipeline.core.job.handler.JobAssets assets() {
    return assets.get();
  }

  @Override
  public int attempt() {
    return job.attempts();
  }

  @Override
  public void reportProgress(int percent) {
    int clamped = Math.max(0, Math.min(100, percent));
    Instant now = clock.instant();
    if (clamped == lastProgress
        || (clamped < 100 && now.isBefore(lastProgressAt.plus(PROGRESS_INTERVAL)))) {
      return;
    }
    lastProgress = clamped;
    lastProgressAt = now;
    jobs.reportProgress(job.id(), runId, clamped);
  }

  @Override
  public boolean isCancelRequested() {
    return canceled;
  }

  @Override
  public boolean recordEffect(String effectKey) {
    return jobs.recordEffect(job.id(), effectKey, job.attempts());
  }

  @Override
  public void onCancel(Runnable hook) {
    cancelHooks.add(hook);
    if (canceled) {
      hook.run();
    }
  }

  void cancel() {
    if (canceled) {
      return;
    }
    canceled = true;
    cancelHooks.forEach(Runnable::run);
    thread.interrupt();
  }

  @Override
  public Map<String, Object> checkpoint() {
    return checkpoint;
  }

  @Override
  public void saveCheckpoint(Map<String, Object> checkpoint) {
    if (!jobs.saveCheckpoint(job.id(), runId, checkpoint)) {
      // The run is stale: the job was recovered onto another run or ended, so this one must not go
      // on.
      throw new JobCanceledException();
    }
    this.checkpoint =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checkpoint));
  }
}
