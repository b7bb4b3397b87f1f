package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Tenant;

/** Everything needed to store an accepted submission. */
public record NewJob(
    JobId id,
    Tenant tenant,
    JobSubmission submission,
    QueueClass queueClass,
    int maxAttempts,
    long creditsEstimated,
    String idempotencyKey,
    String requestHash) {}
