package ai.omnix.pipeline.generation.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A provider's answer to a submit or a poll: finished, or still running under an operation id. */
public sealed interface ProviderResponse {

  /**
   * @param requestId the provider's id of the request, for support and the attempt record; null if
   *     it gave none
   * @param costCredits what the provider reports this cost, in credits; null to use the catalog
   *     price
   */
  record Completed(List<GeneratedMedia> media, String requestId, Long costCredits)
      implements ProviderResponse {
    public Completed {
      media = List.copyOf(media);
      if (media.isEmpty()) {
        throw new IllegalArgumentException("a completed generation has at least one output");
      }
    }
  }

  /**
   * @param operationId what to pass to {@link GenerationProvider#poll}; the provider's request or
   *     operation name
   * @param pollAfter the provider's hint for the next poll; null for none
   */
  record Pending(String operationId, Duration pollAfter) implements ProviderResponse {
    public Pending {
      Objects.requireNonNull(operationId);
    }
  }
}
