package ai.omnix.pipeline.core.job.handler;

import ai.omnix.pipeline.core.job.JobResult;

/**
 * Runs the jobs of one type. A handler must be idempotent: a job may run again after its worker was
 * killed, so every side effect is keyed by the job id (see {@link
 * JobExecution#recordEffect(String)}). It must poll {@link JobExecution#throwIfCanceled()} (or
 * react to interruption) so a cancel really stops it. Instances are shared by all worker threads
 * and must be thread-safe.
 */
public interface JobHandler {

  /** The {@link ai.omnix.pipeline.core.job.type.JobType#name()} this handler runs. */
  String type();

  /**
   * @throws JobFailedException for a failure with a stable code; any other exception counts as a
   *     retryable {@code internal_error}
   * @throws JobCanceledException when the job was canceled while running
   */
  JobResult handle(JobExecution execution) throws Exception;
}
