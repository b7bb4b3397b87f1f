package ai.omnix.pipeline.generation.provider.google;

import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.providers.ProviderException;
import java.util.Set;

/** A Google model family on the Gemini API: one client per API, sharing the connection and key. */
abstract class GeminiProvider implements GenerationProvider, AutoCloseable {
  final GeminiApi api;
  private final Capability capability;

  GeminiProvider(GeminiApi api, Capability capability) {
    this.api = api;
    this.capability = capability;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(capability);
  }

  /** Refuses, before any call, a request for something this model family does not make. */
  void requireCapability(ProviderRequest request) throws ProviderException {
    if (request.capability() != capability) {
      throw GeminiApi.unsupported(request);
    }
  }

  @Override
  public String name() {
    return GeminiApi.NAME;
  }

  /** Closes the connections, shared with the other Gemini provider when they share the API. */
  @Override
  public void close() {
    api.close();
  }
}
