package ai.omnix.pipeline.core.job.handler;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Map;

/** One attempt at running a job, as its handler sees it. Used by the handler's thread only. */
public interface JobExecution {

  JobId jobId();

  TenantId tenantId();

  /**
   * The tenant's plan when the job was submitted, for plan-dependent limits (longest video, largest
   * document).
   */
  Plan plan();

  String type();

  JobInput input();

  Map<String, Object> params();

  /** 1 for the first run; higher after a retry or after a lost worker. */
  int attempt();

  /** Reads input assets and writes derived ones, with lineage. */
  JobAssets assets();

  /** Records progress from 0 to 100; cheap to call often (updates are coalesced). */
  void reportProgress(int percent);

  boolean isCancelRequested();

  /**
   * Registers work to run when the job is canceled while running, such as killing a child process.
   * Runs at once when the job is already canceled. Hooks run on another thread and must be
   * thread-safe.
   */
  void onCancel(Runnable hook);

  /**
   * @throws JobCanceledException if a cancel was requested
   */
  default void throwIfCanceled() {
    if (isCancelRequested() || Thread.currentThread().isInterrupted()) {
      throw new JobCanceledException();
    }
  }

  /**
   * Records a side effect under this job's id. Returns true the first time a key is recorded for
   * this job and false on every later attempt, so a re-run after a crash can skip work already
   * done.
   */
  boolean recordEffect(String effectKey);

  /**
   * What an earlier run of this job saved with {@link #saveCheckpoint}, such as a provider's
   * operation id; empty on the first run.
   */
  Map<String, Object> checkpoint();

  /**
   * Saves small state (a few kB of JSON) that later runs of this job read back with {@link
   * #checkpoint()}. Saved at once, so a run that dies right after still leaves it for the next one:
   * save a paid request's id before waiting on it, and a re-run polls instead of paying again.
   */
  void saveCheckpoint(Map<String, Object> checkpoint);
}
