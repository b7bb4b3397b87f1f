package ai.omnix.pipeline.generation.provider;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider clients configured in this process, found by provider name and capability (one
 * provider name may have a client per API, such as Google's Imagen and Veo). Closes those that hold
 * connections when the context stops. Immutable.
 */
public final class GenerationProviders implements AutoCloseable {
  private final List<GenerationProvider> all;
  private final Map<String, Map<Capability, GenerationProvider>> byName = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException when two clients of one provider serve the same capability
   */
  public GenerationProviders(Collection<? extends GenerationProvider> providers) {
    this.all = List.copyOf(providers);
    for (GenerationProvider provider : all) {
      Map<Capability, GenerationProvider> clients =
          byName.computeIfAbsent(provider.name(), n -> new EnumMap<>(Capability.class));
      for (Capability capability : provider.capabilities()) {
        if (clients.putIfAbsent(capability, provider) != null) {
          throw new IllegalArgumentException(
              "two clients of provider " + provider.name() + " serve " + capability.wireName());
        }
      }
    }
  }

  /** One client per provider name, each serving every capability (tests' scripted providers). */
  public static GenerationProviders of(Map<String, ? extends GenerationProvider> byName) {
    return new GenerationProviders(byName.values());
  }

  /** The client of {@code provider} for {@code capability}, if this process has one. */
  public Optional<GenerationProvider> find(String provider, Capability capability) {
    return Optional.ofNullable(byName.getOrDefault(provider, Map.of()).get(capability));
  }

  /** The provider names with at least one client here. */
  public Set<String> names() {
    return Set.copyOf(byName.keySet());
  }

  /** The provider names that can serve {@code capability} here. */
  public Set<String> serving(Capability capability) {
    Set<String> names = new java.util.HashSet<>();
    byName.forEach(
        (name, clients) -> {
          if (clients.containsKey(capability)) {
            names.add(name);
          }
        });
    return Set.copyOf(names);
  }

  @Override
  public void close() throws Exception {
    for (GenerationProvider provider : all) {
      if (provider instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
