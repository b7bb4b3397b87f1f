package ai.omnix.pipeline.testkit.jobs;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link JobExecution} for tests: assets in a temp directory, progress recorded, cancel on
 * demand.
 */
public final class TempDirJobExecution implements JobExecution {
  private final JobId jobId = JobId.random();
  private final String type;
  private final JobInput input;
  private final Map<String, Object> params;
  private final TempDirJobAssets assets;
  private final List<Integer> progress = new CopyOnWriteArrayList<>();
  private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean canceled = new AtomicBoolean();
  private final Set<String> effects = new HashSet<>();
  private volatile Plan plan = Plan.PRO;
  private volatile Map<String, Object> checkpoint = Map.of();

  /**
   * @param assetId the input asset, or null for a job without input
   */
  public TempDirJobExecution(
      String type, String assetId, Map<String, Object> params, TempDirJobAssets assets) {
    this.type = type;
    this.input = assetId == null ? JobInput.none() : JobInput.asset(assetId);
    this.params = Map.copyOf(params);
    this.assets = assets;
  }

  @Override
  public JobId jobId() {
    return jobId;
  }

  @Override
  public TenantId tenantId() {
    return new TenantId("test-tenant");
  }

  /** The tenant's plan; {@link Plan#PRO} unless set. */
  @Override
  public Plan plan() {
    return plan;
  }

  /** Sets the tenant's plan, for plan-dependent limits; returns this. */
  public TempDirJobExecution withPlan(Plan plan) {
    this.plan = plan;
    return this;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public JobInput input() {
    return input;
  }

  @Override
  public Map<String, Object> params() {
    return params;
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public JobAssets assets() {
    return assets;
  }

  @Override
  public void reportProgress(int percent) {
    progress.add(percent);
  }

  public List<Integer> progress() {
    return List.copyOf(progress);
  }

  @Override
  public boolean isCancelRequested() {
    return canceled.get();
  }

  @Override
  public void onCancel(Runnable hook) {
    cancelHooks.add(hook);
    if (canceled.get()) {
      hook.run();
    }
  }

  /** Requests a cancel; like the real runner, the hooks run on another thread. */
  public void cancel() {
    if (canceled.compareAndSet(false, true)) {
      Thread t = new Thread(() -> cancelHooks.forEach(Runnable::run), "test-cancel");
      t.start();
    }
  }

  @Override
  public synchronized boolean recordEffect(String effectKey) {
    return effects.add(effectKey);
  }

  @Override
  public Map<String, Object> checkpoint() {
    return checkpoint;
  }

  @Override
  public void saveCheckpoint(Map<String, Object> checkpoint) {
    // as JSON in the store: null values kept
    this.checkpoint =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checkpoint));
  }
}
