package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.store.json.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads and writes of job rows shared by the repository and the store's end-of-job hooks. */
public final class JobRows {
  private JobRows() {}

  /** The job, read in the caller's transaction (so a hook sees the status it is ending with). */
  public static Optional<JobRecord> byId(JdbcClient jdbc, JobId id) {
    return jdbc.sql("select * from jobs where id = ?")
        .param(id.value())
        .query(JobRepository::map)
        .optional();
  }

  static void appendEvent(
      JdbcClient jdbc,
      JobId id,
      String kind,
      JobStatus status,
      int progress,
      int attempt,
      Map<String, Object> data,
      Instant at) {
    jdbc.sql(
            "insert into job_events (job_id, kind, status, progress, attempt, data, at) values (?, ?, ?, ?, ?, ?::jsonb, ?)")
        .params(
            id.value(),
            kind,
            status.wireName(),
            progress,
            attempt,
            data == null ? null : Json.write(data),
            Timestamp.from(at))
        .update();
  }
}
