package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A stored job, as read from the {@code jobs} table.
 *
 * @param params the parameters as submitted, write-only ones included while the job runs (a handler
 *     reads them here); the API's and the webhooks' JSON never show those named in {@code
 *     secretParams}
 * @param secretParams the names of the type's write-only parameters
 */
public record JobRecord(
    JobId id,
    TenantId tenantId,
    String type,
    JobStatus status,
    QueueClass queueClass,
    int priority,
    JobInput input,
    Map<String, Object> params,
    Map<String, Object> metadata,
    String webhookUrl,
    Map<String, Object> result,
    JobFailure failure,
    int progress,
    int attempts,
    int maxAttempts,
    long creditsEstimated,
    boolean dispatched,
    UUID runId,
    Instant runAfter,
    Instant cancelRequestedAt,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt,
    UUID parentJobId,
    List<ResolvedFollowUp> followUps,
    int planRank,
    Map<String, Object> checkpoint,
    Long creditsActual,
    Set<String> secretParams) {

  public JobRecord {
    secretParams = secretParams == null ? Set.of() : Set.copyOf(secretParams);
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
  }

  /** The ended job as the end-of-job hooks see it. */
  @SuppressWarnings("unchecked")
  public EndedJob ended() {
    List<String> outputs =
        result == null
            ? List.of()
            : ((List<Object>) result.getOrDefault("output_asset_ids", List.of()))
                .stream().map(String::valueOf).toList();
    return new EndedJob(
        id,
        tenantId,
        type,
        status,
        failure,
        outputs,
        creditsEstimated,
        creditsActual,
        parentJobId == null ? null : new JobId(parentJobId),
        attempts,
        createdAt,
        finishedAt);
  }

  /** {@code params} without the named write-only ones (which clients never see again). */
  public static Map<String, Object> withoutSecrets(
      Map<String, Object> params, Set<String> secrets) {
    if (params == null || secrets.isEmpty() || secrets.stream().noneMatch(params::containsKey)) {
      return params;
    }
    Map<String, Object> shown = new LinkedHashMap<>(params);
    shown.keySet().removeAll(secrets);
    return shown;
  }

  public static Map<String, Object> inputWire(JobInput input) {
    Map<String, Object> wire = new LinkedHashMap<>();
    switch (input.kind()) {
      case ASSET -> wire.put("asset_id", input.assetIds().get(0));
      case ASSETS -> wire.put("asset_ids", input.assetIds());
      case URL -> wire.put("url", input.url());
      case NONE -> {}
    }
    return wire;
  }

  @SuppressWarnings("unchecked")
  static JobInput inputFromWire(Map<String, Object> wire) {
    if (wire == null || wire.isEmpty()) {
      return JobInput.none();
    }
    if (wire.containsKey("asset_id")) {
      return JobInput.asset((String) wire.get("asset_id"));
    }
    if (wire.containsKey("asset_ids")) {
      return JobInput.assets((List<String>) wire.get("asset_ids"));
    }
    return JobInput.url((String) wire.get("url"));
  }
}
