package ai.omnix.pipeline.workers.run;

import java.util.List;

/**
 * Hands runs to the executor (JobRunr in production). Implementations must treat a run id that
 * already exists as done, so handing over the same run twice never runs it twice.
 */
public interface RunEnqueuer {

  /** One run of one job, as the dashboard shows it. */
  record Run(
      java.util.UUID runId,
      java.util.UUID jobId,
      String type,
      String tenantId,
      String queueClass) {}

  void enqueue(List<Run> runs);
}
