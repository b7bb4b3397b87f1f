package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  public JobResult handle(JobExecution execution) throws InterruptedException, IOException {
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
    List<String> outputs = writeOutputs(execution, params);
    boolean first = execution.recordEffect("completed");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("slept_ms", slept);
    summary.put("attempt", execution.attempt());
    summary.put("first_completion", first);
    if (params.get("echo") != null) {
      summary.put("echo", params.get("echo"));
    }
    return new JobResult(outputs, summary);
  }

  /**
   * The {@code outputs} parameter's tiny outputs, named by their index (so a re-run replaces them),
   * derived from the input asset when the job has one.
   */
  private static List<String> writeOutputs(JobExecution execution, Map<String, Object> params)
      throws IOException {
    int count = ((Number) params.getOrDefault(NoopJobType.OUTPUTS, 0)).intValue();
    String source =
        execution.input().assetIds().isEmpty() ? null : execution.input().assetIds().get(0);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (i % 100 == 0) {
        execution.throwIfCanceled();
      }
      byte[] bytes = ("output " + i + "\n").getBytes(StandardCharsets.UTF_8);
      ids.add(
          execution
              .assets()
              .write(
                  String.format("out/%05d.txt", i),
                  source,
                  new ByteArrayInputStream(bytes),
                  bytes.length,
                  "text/plain")
              .id());
    }
    return ids;
  }
}
