package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@link NoopJobType} jobs: sleeps in steps, reporting progress and honouring cancel between
 * steps.
 */
public final class NoopJobHandler implements JobHandler {
  private static final long STEP_MS = 100;
  private final String type;

  public NoopJobHandler(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public JobResult handle(JobExecution execution) throws InterruptedException {
    Map<String, Object> params = execution.params();
    long sleepMs = ((Number) params.getOrDefault("sleep_ms", 0)).longValue();
    long slept = 0;
    while (slept < sleepMs) {
      execution.throwIfCanceled();
      long step = Math.min(STEP_MS, sleepMs - slept);
      Thread.sleep(step);
      slept += step;
      execution.reportProgress((int) (slept * 100 / sleepMs));
    }
    execution.throwIfCanceled();
    Object fail = params.get("fail");
    if ("permanent".equals(fail)) {
      throw new JobFailedException("noop_failed", "Failed on request (fail=permanent).", false);
    }
    if ("transient".equals(fail)) {
      Object failAttempts = params.get("fail_attempts");
      if (failAttempts == null || execution.attempt() <= ((Number) failAttempts).intValue()) {
        throw new JobFailedException("noop_transient", "Failed on request (fail=transient).", true);
      }
    }
    boolean first = execution.recordEffect("completed");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("slept_ms", slept);
    summary.put("attempt", execution.attempt());
    summary.put("first_completion", first);
    if (params.get("echo") != null) {
      summary.put("echo", params.get("echo"));
    }
    return JobResult.of(summary);
  }
}
