package ai.omnix.pipeline.batch;

import ai.omnix.pipeline.core.job.handler.JobExecution;
import java.time.Duration;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What a {@link BatchJobDefinition} builds its steps with: Batch's repository and the transaction
 * manager of the pipeline's database (so a chunk's own writes commit atomically with Batch's record
 * of the chunk), the pipeline job's execution, and a listener per chunk-oriented step that makes
 * the pipeline job's progress follow the batch's and stops the step when the job is canceled.
 */
public final class BatchRunContext {
  private final JobRepository repository;
  private final PlatformTransactionManager transactionManager;
  private final JobExecution pipelineJob;
  private final Duration pauseBetweenChunks;
  private final int stepCount;

  BatchRunContext(
      JobRepository repository,
      PlatformTransactionManager transactionManager,
      JobExecution pipelineJob,
      Duration pauseBetweenChunks,
      int stepCount) {
    this.repository = repository;
    this.transactionManager = transactionManager;
    this.pipelineJob = pipelineJob;
    this.pauseBetweenChunks = pauseBetweenChunks;
    this.stepCount = stepCount;
  }

  public JobRepository repository() {
    return repository;
  }

  public PlatformTransactionManager transactionManager() {
    return transactionManager;
  }

  public JobExecution pipelineJob() {
    return pipelineJob;
  }

  /**
   * The listener to register on the {@code stepIndex}-th of the job's chunk-oriented steps.
   *
   * @param readerName the name of the step's reader, whose saved read count survives a restart
   * @param expectedItems how many items the step will read in all, for progress (0 if unknown)
   */
  public StepListener progress(int stepIndex, String readerName, long expectedItems) {
    return new StepProgress(
        pipelineJob, stepIndex, stepCount, readerName, expectedItems, pauseBetweenChunks);
  }
}
