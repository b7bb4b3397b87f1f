package ai.omnix.pipeline.generation.provider;

import ai.omnix.pipeline.providers.ProviderException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * One AI provider's generation API, as a client over HTTP. A call either finishes (images from a
 * synchronous API) or returns an operation the caller polls later: implementations never wait for a
 * long-running operation themselves, so no worker thread is held while a provider works.
 * Implementations are thread-safe, never retry on their own (the router decides), and never log API
 * keys.
 */
public interface GenerationProvider {

  /**
   * The name the catalog and attempt records use: {@code openai}, {@code google}, {@code fal},
   * {@code offline}.
   */
  String name();

  /**
   * What this client makes. A provider name may have several clients, one per API (Google's Imagen
   * and Veo), as long as no two of them serve the same capability.
   */
  default Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** Sends a request. */
  ProviderResponse submit(ProviderRequest request) throws ProviderException;

  /** Asks about an operation a {@link #submit} returned as {@link ProviderResponse.Pending}. */
  ProviderResponse poll(ProviderRequest request, String operationId) throws ProviderException;

  /**
   * Asks the provider to stop an operation whose result is no longer wanted (the job adopted
   * another provider's result, timed out or was refused), so that it stops costing money where the
   * provider allows it. Best effort: an operation that already finished or is unknown is not an
   * error, and providers without a cancel API do nothing.
   */
  default void cancel(ProviderRequest request, String operationId) throws ProviderException {}

  /**
   * Opens a generated file that the provider returned as a URL, with whatever authentication the
   * provider needs. The caller closes the stream and bounds how much it reads.
   */
  InputStream download(GeneratedMedia media) throws ProviderException;
}
