package ai.omnix.pipeline.core.job;

import java.util.List;
import java.util.Map;

/**
 * What a finished job produced: the ids of its output assets and a small inline summary (for
 * example the first characters of extracted text). The summary is kept small: large outputs belong
 * in assets.
 *
 * @param creditsUsed the credits this job actually cost its tenant, when the handler settles a cost
 *     (generation jobs); null leaves the job's estimate as its cost
 */
public record JobResult(
    List<String> outputAssetIds, Map<String, Object> summary, Long creditsUsed) {
  public JobResult {
    outputAssetIds = outputAssetIds == null ? List.of() : List.copyOf(outputAssetIds);
    summary = summary == null ? Map.of() : Map.copyOf(summary);
    if (creditsUsed != null && creditsUsed < 0) {
      throw new IllegalArgumentException("creditsUsed must not be negative");
    }
  }

  public JobResult(List<String> outputAssetIds, Map<String, Object> summary) {
    this(outputAssetIds, summary, null);
  }

  public static JobResult of(Map<String, Object> summary) {
    return new JobResult(List.of(), summary);
  }

  public JobResult withCreditsUsed(long credits) {
    return new JobResult(outputAssetIds, summary, credits);
  }
}
