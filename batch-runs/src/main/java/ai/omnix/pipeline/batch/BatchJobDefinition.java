package ai.omnix.pipeline.batch;

import org.springframework.batch.core.job.Job;

/**
 * A Spring Batch job that a pipeline job type runs with {@link PipelineBatchRunner}. The job is
 * built anew for every run so its steps can use the run's context (the pipeline job's assets,
 * parameters, progress); its name and steps must be the same every time, since a re-run resumes the
 * same job instance from its last committed chunk.
 */
public interface BatchJobDefinition {

  /**
   * The Spring Batch job name: one per pipeline job type, such as {@code billing-reconciliation}.
   */
  String name();

  Job build(BatchRunContext context);
}
