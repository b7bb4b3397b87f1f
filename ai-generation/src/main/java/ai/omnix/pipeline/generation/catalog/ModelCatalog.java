package ai.omnix.pipeline.generation.catalog;

import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.generation.provider.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models tenants can ask for, read from a JSON file ({@code generation/models.json} by default;
 * see {@code omnix.generation.catalog}). Immutable.
 */
public final class ModelCatalog {
  private static final int MAX_MODELS = 500;

  private final Map<String, CatalogModel> models;

  public ModelCatalog(Collection<CatalogModel> models) {
    Map<String, CatalogModel> byId = new LinkedHashMap<>();
    for (CatalogModel m : models) {
      if (byId.put(m.id(), m) != null) {
        throw new IllegalArgumentException("model " + m.id() + " is listed twice");
      }
    }
    this.models = Map.copyOf(byId);
  }

  public static ModelCatalog bundled() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream("/generation/models.json")) {
      return read(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bundled model catalog", e);
    }
  }

  public static ModelCatalog read(InputStream json) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(json);
    JsonNode list = root.path("models");
    if (!list.isArray() || list.size() > MAX_MODELS) {
      throw new IllegalArgumentException("a catalog has a 'models' array of at most " + MAX_MODELS);
    }
    List<CatalogModel> models = new ArrayList<>();
    for (JsonNode m : list) {
      Set<Capability> capabilities = new java.util.LinkedHashSet<>();
      for (JsonNode c : m.path("capabilities")) {
        capabilities.add(
            Capability.fromWireName(c.asText())
                .orElseThrow(
                    () -> new IllegalArgumentException("unknown capability " + c.asText())));
      }
      List<CatalogModel.Endpoint> endpoints = new ArrayList<>();
      for (JsonNode e : m.path("endpoints")) {
        List<String> regions = new ArrayList<>();
        e.path("regions").forEach(r -> regions.add(r.asText()));
        endpoints.add(
            new CatalogModel.Endpoint(
                required(e, "provider"),
                required(e, "provider_model"),
                e.path("credits_per_unit").asLong(),
                regions));
      }
      models.add(
          new CatalogModel(
              required(m, "id"),
              m.path("description").asText(""),
              capabilities,
              required(m, "unit"),
              m.path("max_count").asInt(1),
              m.path("max_duration_s").asInt(0),
              endpoints,
              tier(m.path("tier").asText("basic"))));
    }
    return new ModelCatalog(models);
  }

  private static ModelTier tier(String wire) {
    return switch (wire) {
      case "basic" -> ModelTier.BASIC;
      case "premium" -> ModelTier.PREMIUM;
      default -> throw new IllegalArgumentException("tier must be basic or premium: " + wire);
    };
  }

  private static String required(JsonNode node, String field) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw new IllegalArgumentException("catalog entry without " + field);
    }
    return value;
  }

  public Optional<CatalogModel> model(String id) {
    return Optional.ofNullable(models.get(id));
  }

  /** All models with the capability, by id. */
  public List<CatalogModel> withCapability(Capability capability) {
    return models.values().stream()
        .filter(m -> m.capabilities().contains(capability))
        .sorted(java.util.Comparator.comparing(CatalogModel::id))
        .toList();
  }

  public List<CatalogModel> all() {
    return models.values().stream()
        .sorted(java.util.Comparator.comparing(CatalogModel::id))
        .toList();
  }

  /** The providers any model names. */
  public Set<String> providers() {
    return models.values().stream()
        .flatMap(m -> m.endpoints().stream())
        .map(CatalogModel.Endpoint::provider)
        .collect(Collectors.toUnmodifiableSet());
  }
}
