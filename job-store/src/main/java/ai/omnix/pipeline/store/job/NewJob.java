package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Tenant;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to store an accepted submission.
 *
 * @param followUps the submission's follow-ups, resolved at admission
 * @param secretParams the names of the type's write-only parameters ({@link
 *     ai.omnix.pipeline.core.job.type.ParamsSchema#secretNames()}): never shown, removed from the
 *     stored params when the job ends
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
    List<ResolvedFollowUp> followUps,
    Set<String> secretParams) {

  public NewJob {
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
    secretParams = secretParams == null ? Set.of() : Set.copyOf(secretParams);
  }

  /** A job without write-only parameters. */
  public NewJob(
      JobId id,
      Tenant tenant,
      JobSubmission submission,
      QueueClass queueClass,
      int maxAttempts,
      long creditsEstimated,
      String idempotencyKey,
      String requestHash,
      List<ResolvedFollowUp> followUps) {
    this(
        id,
        tenant,
        submission,
        queueClass,
        maxAttempts,
        creditsEstimated,
        idempotencyKey,
        requestHash,
        followUps,
        Set.of());
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
