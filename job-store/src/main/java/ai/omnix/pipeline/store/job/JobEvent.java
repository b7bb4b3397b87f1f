package ai.omnix.pipeline.store.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a job's event log: a status change or a progress step. {@code id} orders events of
 * all jobs.
 */
public record JobEvent(
    long id,
    String kind,
    String status,
    int progress,
    int attempt,
    Map<String, Object> data,
    Instant at) {

  public Map<String, Object> toWire(String jobId) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("job_id", jobId);
    wire.put("kind", kind);
    wire.put("status", status);
    wire.put("progress", progress);
    wire.put("attempt", attempt);
    if (data != null) {
      wire.put("data", data);
    }
    wire.put("at", at.toString());
    return wire;
  }
}
