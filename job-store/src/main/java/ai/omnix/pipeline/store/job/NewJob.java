package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Tenant;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to store an accepted submission.
 *
 * @param followUps the submission's follow-ups, resolved at admission: each a map with {@code
 *     type}, {@code params}, {@code input} ({@code source} or {@code output}), {@code queue_class},
 *     {@code max_attempts} and nested {@code follow_ups}
 */
public record NewJob(
    JobId id,
    Tenant tenant,
    JobSubmission submission,
    QueueClass queueClass,
    int maxAttempts,
    long creditsEstimated,
    String idempotencyKey,
    String requestHash,
    List<Map<String, Object>> followUps) {

  public NewJob {
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
  }

  public NewJob(
      JobId id,
      Tenant tenant,
      JobSubmission submission,
      QueueClass queueClass,
      int maxAttempts,
      long creditsEstimated,
      String idempotencyKey,
      String requestHash) {
    this(
        id,
        tenant,
        submission,
        queueClass,
        maxAttempts,
        creditsEstimated,
        idempotencyKey,
        requestHash,
        List.of());
  }
}
