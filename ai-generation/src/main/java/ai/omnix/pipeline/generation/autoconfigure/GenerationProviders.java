package ai.omnix.pipeline.generation.autoconfigure;

import ai.omnix.pipeline.generation.provider.GenerationProvider;
import java.util.Map;

/**
 * The providers configured in this process, by name; closes those that hold connections when the
 * context stops.
 */
public record GenerationProviders(Map<String, GenerationProvider> byName) implements AutoCloseable {
  public GenerationProviders {
    byName = Map.copyOf(byName);
  }

  @Override
  public void close() throws Exception {
    for (GenerationProvider provider : byName.values()) {
      if (provider instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
