package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.store.job.JobEvent;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.webhook.JobPayload;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON of a job and of its events; the store's records carry no JSON of their own. */
public final class JobJson {
  private JobJson() {}

  /**
   * The job as clients see it; write-only parameters are never shown. The same object is a webhook
   * event's {@code data}, which the outbox writes in every role (without this module), so its one
   * writer is the outbox's {@link JobPayload}; two writers of one contract would drift.
   */
  public static Map<String, Object> of(JobRecord job) {
    return JobPayload.of(job);
  }

  /** One event of a job's log, as the event stream sends it. */
  public static Map<String, Object> event(JobEvent event, String jobId) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("job_id", jobId);
    wire.put("kind", event.kind());
    wire.put("status", event.status());
    wire.put("progress", event.progress());
    wire.put("attempt", event.attempt());
    if (event.data() != null) {
      wire.put("data", event.data());
    }
    wire.put("at", event.at().toString());
    return wire;
  }
}
