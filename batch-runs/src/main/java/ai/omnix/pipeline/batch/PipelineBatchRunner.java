package ai.omnix.pipeline.batch;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs a Spring Batch job inside one run of a pipeline job, on the worker thread JobRunr gave it.
 *
 * <ul>
 *   <li>The pipeline job id is the batch job's identifying parameter: one pipeline job is one batch
 *       job instance, and every run of the pipeline job (a retry, a re-run after a lost worker) is
 *       another execution of that instance.
 *   <li>A worker killed with -9 leaves its execution STARTED. The pipeline only starts another run
 *       of a job after it declared the previous one lost (the run-id guard), so an execution still
 *       running when a run begins belongs to a dead worker: it is recovered ({@link
 *       JobOperator#recover}: FAILED, with its running steps) and the instance restarted, which
 *       resumes each step from its last committed chunk.
 *   <li>An instance already COMPLETED (the worker died after the batch finished, before the
 *       pipeline job did) is not run again: its execution is returned.
 *   <li>The pipeline job's progress follows the batch's, a cancel stops the batch at the next chunk
 *       boundary ({@link BatchRunContext#progress}), and a failed batch fails the run retryably, so
 *       the pipeline's next attempt resumes it.
 * </ul>
 */
public final class PipelineBatchRunner {
  public static final String PIPELINE_JOB_ID = "pipeline.job_id";
  private static final Logger log = LoggerFactory.getLogger(PipelineBatchRunner.class);

  private final JobOperator operator;
  private final JobRepository repository;
  private final PlatformTransactionManager transactionManager;

  public PipelineBatchRunner(
      JobOperator operator,
      JobRepository repository,
      PlatformTransactionManager transactionManager) {
    this.operator = operator;
    this.repository = repository;
    this.transactionManager = transactionManager;
  }

  /** The batch's outcome: the execution that completed it, and whether this run did the work. */
  public record Outcome(
      org.springframework.batch.core.job.JobExecution execution, boolean resumed) {}

  /**
   * @param identifying parameters that, with the pipeline job id, name the instance (the same on
   *     every run of the pipeline job)
   * @param pauseBetweenChunks a throttle (zero for none)
   * @param stepCount how many steps report progress
   * @throws JobCanceledException when the pipeline job was canceled while the batch ran
   * @throws BatchRunFailedException when the batch failed (retryable: the next attempt resumes it)
   */
  public Outcome run(
      BatchJobDefinition definition,
      JobExecution pipelineJob,
      Map<String, String> identifying,
      Duration pauseBetweenChunks,
      int stepCount)
      throws Exception {
    JobParametersBuilder builder =
        new JobParametersBuilder().addString(PIPELINE_JOB_ID, pipelineJob.jobId().toString());
    identifying.forEach((name, value) -> builder.addString(name, value));
    JobParameters parameters = builder.toJobParameters();

    boolean resumed = false;
    org.springframework.batch.core.job.JobExecution last =
        repository.getLastJobExecution(definition.name(), parameters);
    if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
      return new Outcome(last, false);
    }
    if (last != null && last.isRunning()) {
      log.warn(
          "batch {} execution {} of pipeline job {} was left {} by a lost worker: recovering it",
          definition.name(),
          last.getId(),
          pipelineJob.jobId(),
          last.getStatus());
      operator.recover(last);
      resumed = true;
    } else if (last != null) {
      resumed = true;
    }

    Job job =
        definition.build(
            new BatchRunContext(
                repository, transactionManager, pipelineJob, pauseBetweenChunks, stepCount));
    org.springframework.batch.core.job.JobExecution execution;
    try {
      execution = operator.start(job, parameters);
    } catch (JobInstanceAlreadyCompleteException e) {
      return new Outcome(repository.getLastJobExecution(definition.name(), parameters), false);
    }
    switch (execution.getStatus()) {
      case COMPLETED -> {
        pipelineJob.reportProgress(100);
        return new Outcome(execution, resumed);
      }
      case STOPPED, STOPPING -> {
        if (pipelineJob.isCancelRequested() || Thread.currentThread().isInterrupted()) {
          throw new JobCanceledException();
        }
        throw new BatchRunFailedException(definition.name(), execution);
      }
      default -> {
        if (pipelineJob.isCancelRequested()) {
          throw new JobCanceledException();
        }
        throw new BatchRunFailedException(definition.name(), execution);
      }
    }
  }

  /** The batch job ended without completing; the pipeline's next attempt resumes it. */
  public static final class BatchRunFailedException extends Exception {
    BatchRunFailedException(
        String name, org.springframework.batch.core.job.JobExecution execution) {
      super(
          "batch "
              + name
              + " execution "
              + execution.getId()
              + " ended "
              + execution.getStatus()
              + ": "
              + execution.getExitStatus().getExitDescription(),
          execution.getAllFailureExceptions().isEmpty()
              ? null
              : execution.getAllFailureExceptions().get(0));
    }
  }
}
