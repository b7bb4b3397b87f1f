package ai.omnix.pipeline.generation.route;

import ai.omnix.pipeline.generation.provider.Capability;
import java.util.Objects;

/**
 * What a tenant asked for, as the router sees it.
 *
 * @param model a catalog model id, or null to let the router pick by capability and cost
 * @param maxCredits the most the tenant will pay for this job, or null for no cap
 * @param durationSeconds videos; 0 for images
 */
public record GenerationSpec(
    Capability capability, String model, Long maxCredits, int count, int durationSeconds) {
  public GenerationSpec {
    Objects.requireNonNull(capability);
  }
}
