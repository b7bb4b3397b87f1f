package ai.omnix.pipeline.generation.catalog;

import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.generation.provider.Capability;
import java.util.List;
import java.util.Set;

/**
 * A model tenants can ask for by {@link #id()}, and the provider endpoints that serve it, in no
 * particular order (the router orders them by price and health).
 *
 * @param unit what {@link Endpoint#creditsPerUnit()} is per: {@code image} or {@code second} of
 *     video
 * @param maxDurationSeconds the longest video it makes; 0 for image models
 * @param tier basic models are open to every plan that offers the feature, premium ones only to
 *     plans that include premium models (catalog field {@code tier}, default {@code basic})
 */
public record CatalogModel(
    String id,
    String description,
    Set<Capability> capabilities,
    String unit,
    int maxCount,
    int maxDurationSeconds,
    List<Endpoint> endpoints,
    ModelTier tier) {

  public CatalogModel {
    tier = tier == null ? ModelTier.BASIC : tier;
    capabilities = Set.copyOf(capabilities);
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("model " + id + " has no endpoint");
    }
    if (!unit.equals("image") && !unit.equals("second")) {
      throw new IllegalArgumentException("model " + id + ": unit must be image or second");
    }
  }

  /** A basic model. */
  public CatalogModel(
      String id,
      String description,
      Set<Capability> capabilities,
      String unit,
      int maxCount,
      int maxDurationSeconds,
      List<Endpoint> endpoints) {
    this(id, description, capabilities, unit, maxCount, maxDurationSeconds, endpoints, null);
  }

  /** A provider serving the model, under the provider's own model id. */
  public record Endpoint(
      String provider, String providerModel, long creditsPerUnit, List<String> regions) {
    public Endpoint {
      regions = List.copyOf(regions);
      if (creditsPerUnit < 0) {
        throw new IllegalArgumentException("negative price");
      }
    }

    /**
     * The key of this endpoint in health and rate-limit records: {@code provider/providerModel}.
     */
    public String key() {
      return provider + "/" + providerModel;
    }
  }

  /**
   * What one request costs on {@code endpoint}: per image times count, or per second times
   * duration.
   */
  public long credits(Endpoint endpoint, int count, int durationSeconds) {
    long units = unit.equals("image") ? Math.max(1, count) : Math.max(1, durationSeconds);
    return Math.multiplyExact(endpoint.creditsPerUnit(), units);
  }
}
