package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads and writes of job rows shared by the repository and the store's end-of-job hooks. */
public final class JobRows {
  private JobRows() {}

  /** The job, read in the caller's transaction (so a hook sees the status it is ending with). */
  public static Optional<JobRecord> byId(JdbcClient jdbc, JobId id) {
    return jdbc.sql("select * from jobs where id = ?")
        .param(id.value())
        .query(JobRows::map)
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

  /** The one row mapper of {@code jobs}: every read of a job row goes through it. */
  public static JobRecord map(ResultSet rs, int row) throws SQLException {
    String errorCode = rs.getString("error_code");
    return new JobRecord(
        new JobId(rs.getObject("id", UUID.class)),
        new TenantId(rs.getString("tenant_id")),
        rs.getString("type"),
        JobStatus.fromWireName(rs.getString("status")).orElseThrow(),
        QueueClass.fromWireName(rs.getString("queue_class")),
        rs.getInt("priority"),
        JobRecord.inputFromWire(Json.readMap(rs.getString("input"))),
        Json.readMap(rs.getString("params")),
        Json.readMap(rs.getString("metadata")),
        rs.getString("webhook_url"),
        Json.readMap(rs.getString("result")),
        errorCode == null
            ? null
            : new JobFailure(
                errorCode, rs.getString("error_message"), rs.getBoolean("error_retryable")),
        rs.getInt("progress"),
        rs.getInt("attempts"),
        rs.getInt("max_attempts"),
        rs.getLong("credits_estimated"),
        rs.getBoolean("dispatched"),
        rs.getObject("run_id", UUID.class),
        instant(rs, "run_after"),
        instant(rs, "cancel_requested_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getObject("parent_job_id", UUID.class),
        ResolvedFollowUp.allFromStored(Json.readList(rs.getString("follow_ups"))),
        rs.getInt("plan_rank"),
        Json.readMap(rs.getString("checkpoint")),
        (Long) rs.getObject("credits_actual"),
        secretParams(rs));
  }

  private static Set<String> secretParams(ResultSet rs) throws SQLException {
    java.sql.Array names = rs.getArray("secret_params");
    return names == null ? Set.of() : Set.copyOf(List.of((String[]) names.getArray()));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
