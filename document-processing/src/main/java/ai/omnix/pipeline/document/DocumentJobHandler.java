package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;

/**
 * The frame every document job runs in: its time limit starts, the input asset is staged to a temp
 * file (deleted on every path), and the subclass's {@link #process} works on it within the limits
 * of the job's plan.
 */
public abstract class DocumentJobHandler implements JobHandler {
  protected final DocumentLimits limits;

  protected DocumentJobHandler(DocumentLimits limits) {
    this.limits = limits;
  }

  @Override
  public final JobResult handle(JobExecution execution) throws Exception {
    JobDeadline deadline = JobDeadline.start(limits.timeLimit(), execution);
    String assetId = execution.input().assetIds().get(0);
    try (StagedInput input = StagedInput.stage(execution, assetId)) {
      return process(
          new DocumentRun(execution, assetId, input, deadline, limits.forPlan(execution.plan())));
    }
  }

  /** Everything between the staged input and the result; the staged file is deleted afterwards. */
  protected abstract JobResult process(DocumentRun run) throws Exception;
}
