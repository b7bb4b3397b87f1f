package ai.omnix.pipeline.core.job.hook;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job as it ended, handed to every {@link JobEndHook}.
 *
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code CANCELED}
 * @param failure the failure when {@code status} is {@code FAILED}, otherwise null
 * @param outputAssetIds the first outputs a succeeded job produced, at most 100 of them, in its
 *     handler's order (empty otherwise); the job store keeps the full list
 * @param creditsEstimated what was estimated (and, with billing, reserved) at submit
 * @param creditsActual what the job reported it used, or null when it reported nothing (the
 *     estimate then stands for a success)
 * @param parentJobId the job whose follow-up this was, or null
 * @param attempts attempts used, including the last one
 */
public record EndedJob(
    JobId id,
    TenantId tenant,
    String type,
    JobStatus status,
    JobFailure failure,
    List<String> outputAssetIds,
    long creditsEstimated,
    Long creditsActual,
    JobId parentJobId,
    int attempts,
    Instant createdAt,
    Instant finishedAt) {

  public EndedJob {
    Objects.requireNonNull(id);
    Objects.requireNonNull(tenant);
    Objects.requireNonNull(type);
    Objects.requireNonNull(status);
    Objects.requireNonNull(finishedAt);
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("not a terminal status: " + status);
    }
    outputAssetIds = outputAssetIds == null ? List.of() : List.copyOf(outputAssetIds);
  }

  public boolean succeeded() {
    return status == JobStatus.SUCCEEDED;
  }
}
