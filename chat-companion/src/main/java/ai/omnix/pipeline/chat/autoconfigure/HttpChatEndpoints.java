package ai.omnix.pipeline.chat.autoconfigure;

import ai.omnix.pipeline.chat.context.Tokenizers;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.providers.chat.AnthropicChatApi;
import ai.omnix.pipeline.providers.chat.ChatApi;
import ai.omnix.pipeline.providers.chat.GeminiChatApi;
import ai.omnix.pipeline.providers.chat.HttpChatProvider;
import ai.omnix.pipeline.providers.chat.OpenAiChatApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

/**
 * The real providers' chat endpoints configured with a key ({@code omnix.chat.providers.*}); an
 * endpoint without one is left out, so it never appears as a route. Fails fast on an unknown API or
 * a bad URL, naming the setting.
 */
public final class HttpChatEndpoints implements AutoCloseable {
  static final Map<String, String> PUBLIC_BASE_URLS =
      Map.of(
          "openai", "https://api.openai.com/v1",
          "anthropic", "https://api.anthropic.com",
          "google", "https://generativelanguage.googleapis.com");

  private final List<HttpChatProvider> providers;

  HttpChatEndpoints(List<HttpChatProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  static HttpChatEndpoints configure(
      Map<String, ChatProperties.Endpoint> endpoints,
      OutboundAddressPolicy addresses,
      Duration streamDeadline,
      Clock clock,
      Executor readers) {
    List<HttpChatProvider> built = new ArrayList<>();
    ToIntFunction<String> o200k = Tokenizers.named("o200k_base")::count;
    endpoints.forEach(
        (name, endpoint) -> {
          if (!endpoint.hasKey()) {
            return;
          }
          String family =
              endpoint.api() != null && !endpoint.api().isBlank()
                  ? endpoint.api()
                  : name.split("-", 2)[0];
          ChatApi api =
              switch (family) {
                case "openai" -> new OpenAiChatApi();
                case "anthropic" -> new AnthropicChatApi();
                case "google" -> new GeminiChatApi();
                default ->
                    throw new IllegalStateException(
                        "omnix.chat.providers."
                            + name
                            + ".api: unknown API '"
                            + family
                            + "'; known: openai, anthropic, google");
              };
          String baseUrl =
              endpoint.baseUrl() != null && !endpoint.baseUrl().isBlank()
                  ? endpoint.baseUrl()
                  : PUBLIC_BASE_URLS.get(family);
          built.add(
              HttpChatProvider.create(
                  name,
                  api,
                  URI.create(baseUrl.strip()),
                  endpoint.apiKey(),
                  new HttpChatProvider.Settings(
                      endpoint.timeout(), endpoint.idleTimeout(), streamDeadline, addresses, clock),
                  readers,
                  family.equals("openai") ? o200k : HttpChatProvider::estimateTokens));
        });
    return new HttpChatEndpoints(built);
  }

  public List<HttpChatProvider> providers() {
    return providers;
  }

  @Override
  public void close() {
    providers.forEach(HttpChatProvider::close);
  }
}
