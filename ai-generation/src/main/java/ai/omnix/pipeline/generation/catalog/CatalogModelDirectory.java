package ai.omnix.pipeline.generation.catalog;

import ai.omnix.pipeline.core.provider.ModelDirectory;
import ai.omnix.pipeline.generation.provider.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The catalog as tenants see it: every model, its endpoints' prices and regions, whether a
 * configured provider serves it here, and each endpoint's circuit state in this process.
 */
public final class CatalogModelDirectory implements ModelDirectory {
  private final ModelCatalog catalog;
  private final Set<String> configuredProviders;
  private final Function<String, String> circuitState;

  /**
   * @param circuitState the circuit state of an endpoint key, or null when none was created yet
   */
  public CatalogModelDirectory(
      ModelCatalog catalog,
      Set<String> configuredProviders,
      Function<String, String> circuitState) {
    this.catalog = catalog;
    this.configuredProviders = Set.copyOf(configuredProviders);
    this.circuitState = circuitState;
  }

  @Override
  public List<Map<String, Object>> models() {
    List<Map<String, Object>> models = new ArrayList<>();
    for (CatalogModel m : catalog.all()) {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("id", m.id());
      wire.put("object", "model");
      wire.put("description", m.description());
      wire.put(
          "capabilities", m.capabilities().stream().map(Capability::wireName).sorted().toList());
      wire.put("unit", m.unit());
      wire.put("max_count", m.maxCount());
      wire.put("max_duration_s", m.maxDurationSeconds());
      wire.put("tier", m.tier().name().toLowerCase(java.util.Locale.ROOT));
      List<Map<String, Object>> endpoints = new ArrayList<>();
      boolean available = false;
      for (CatalogModel.Endpoint e : m.endpoints()) {
        boolean on = configuredProviders.contains(e.provider());
        available |= on;
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("provider", e.provider());
        endpoint.put("credits_per_unit", e.creditsPerUnit());
        endpoint.put("regions", e.regions());
        endpoint.put("available", on);
        String state = circuitState.apply(e.key());
        endpoint.put("circuit", state == null ? "closed" : state);
        endpoints.add(endpoint);
      }
      wire.put("available", available);
      wire.put("endpoints", endpoints);
      models.add(wire);
    }
    return models;
  }
}
