package ai.omnix.pipeline.core.job;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated request to run a job, as accepted from a tenant.
 *
 * @param priority -10 (background) to 10 (urgent), ordering jobs of the same plan rank
 * @param followUps jobs to run on this job's input or output once it succeeds
 */
public record JobSubmission(
    String type,
    JobInput input,
    Map<String, Object> params,
    String webhookUrl,
    Map<String, Object> metadata,
    int priority,
    List<FollowUp> followUps) {
  public static final int MIN_PRIORITY = -10;
  public static final int MAX_PRIORITY = 10;

  public JobSubmission {
    Objects.requireNonNull(type);
    input = input == null ? JobInput.none() : input;
    params = params == null ? Map.of() : params;
    metadata = metadata == null ? Map.of() : metadata;
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
  }

  public JobSubmission(
      String type,
      JobInput input,
      Map<String, Object> params,
      String webhookUrl,
      Map<String, Object> metadata,
      int priority) {
    this(type, input, params, webhookUrl, metadata, priority, List.of());
  }
}
