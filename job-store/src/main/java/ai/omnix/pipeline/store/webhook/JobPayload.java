package ai.omnix.pipeline.store.webhook;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.ResolvedFollowUp;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The job as clients see it: the {@code data} of its webhook events and the API's job object
 * ({@code JobJson} delegates here). It lives with the outbox because every role ends jobs and
 * writes their events, and the API module is not in every role; {@code JobJsonTest} pins its bytes.
 */
public final class JobPayload {
  private JobPayload() {}

  public static Map<String, Object> of(JobRecord job) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", job.id().toString());
    wire.put("object", "job");
    wire.put("type", job.type());
    wire.put("status", job.status().wireName());
    wire.put("progress", job.progress());
    wire.put("attempts", job.attempts());
    wire.put("max_attempts", job.maxAttempts());
    wire.put("priority", job.priority());
    wire.put("queue_class", job.queueClass().wireName());
    wire.put("input", JobRecord.inputWire(job.input()));
    wire.put("params", JobRecord.withoutSecrets(job.params(), job.secretParams()));
    wire.put("metadata", job.metadata());
    wire.put("webhook_url", job.webhookUrl());
    Map<String, Object> credits = new LinkedHashMap<>();
    credits.put("estimated", job.creditsEstimated());
    credits.put(
        "actual",
        job.creditsActual() != null
            ? job.creditsActual()
            : job.status() == JobStatus.SUCCEEDED
                ? Long.valueOf(job.creditsEstimated())
                : job.status().isTerminal() ? Long.valueOf(0) : null);
    wire.put("credits", credits);
    wire.put("cancel_requested", job.cancelRequestedAt() != null);
    wire.put("result", job.result());
    wire.put("error", job.failure() == null ? null : error(job.failure()));
    wire.put("created_at", job.createdAt().toString());
    wire.put("updated_at", job.updatedAt().toString());
    wire.put("started_at", job.startedAt() == null ? null : job.startedAt().toString());
    wire.put("finished_at", job.finishedAt() == null ? null : job.finishedAt().toString());
    wire.put("parent_job_id", job.parentJobId() == null ? null : job.parentJobId().toString());
    wire.put("follow_ups", job.followUps().stream().map(JobPayload::followUpWire).toList());
    return wire;
  }

  /**
   * In one order always (it was a {@code Map.of}, whose order changes from one JVM to the next).
   */
  private static Map<String, Object> error(JobFailure failure) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", failure.code());
    error.put("message", failure.message());
    error.put("retryable", failure.retryable());
    return error;
  }

  /** A follow-up as clients submitted it (without the resolved scheduling fields). */
  private static Map<String, Object> followUpWire(ResolvedFollowUp followUp) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("type", followUp.type());
    wire.put("params", followUp.shownParams());
    wire.put("input", followUp.input().name().toLowerCase(Locale.ROOT));
    wire.put("follow_ups", followUp.followUps().stream().map(JobPayload::followUpWire).toList());
    return wire;
  }
}
