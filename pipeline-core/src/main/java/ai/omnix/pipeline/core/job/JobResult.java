package ai.omnix.pipeline.core.job;

import java.util.List;
import java.util.Map;

/**
 * What a finished job produced: the ids of its output assets and a small inline summary (for example the first
 * characters of extracted text). The summary is kept small: large outputs belong in assets.
 */
public record JobResult(List<String> outputAssetIds, Map<String, Object> summary) {
  public JobResult {
    outputAssetIds = outputAssetIds == null ? List.of() : List.copyOf(outputAssetIds);
    summary = summary == null ? Map.of() : Map.copyOf(summary);
  }

  public static JobResult of(Map<String, Object> summary) {
    return new JobResult(List.of(), summary);
  }
}
