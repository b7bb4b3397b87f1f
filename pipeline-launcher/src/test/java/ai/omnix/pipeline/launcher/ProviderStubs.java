package ai.omnix.pipeline.launcher;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One local stand-in (WireMock) for the AI providers' APIs per test JVM, configured into every
 * pipeline test context. Every context gets the same providers and limits: a worker of any cached
 * context may run any test's generation job. fal may work on {@value #FAL_MAX_IN_FLIGHT} operations
 * at once, so its concurrency limit is exercised.
 */
final class ProviderStubs {
  static final String KEY = "test-provider-key-0123456789";
  static final int FAL_MAX_IN_FLIGHT = 2;
  static final WireMockServer SERVER = new WireMockServer(wireMockConfig().dynamicPort());

  static {
    SERVER.start();
    Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop, "provider-stubs-stop"));
  }

  private ProviderStubs() {}

  static void register(DynamicPropertyRegistry registry) {
    registry.add("omnix.generation.providers.google.api-key", () -> KEY);
    registry.add("omnix.generation.providers.google.base-url", SERVER::baseUrl);
    registry.add("omnix.generation.providers.fal.api-key", () -> KEY);
    registry.add("omnix.generation.providers.fal.base-url", SERVER::baseUrl);
    registry.add(
        "omnix.generation.providers.fal.max-in-flight", () -> String.valueOf(FAL_MAX_IN_FLIGHT));
    registry.add("omnix.generation.providers.openai.api-key", () -> KEY);
    registry.add("omnix.generation.providers.openai.base-url", () -> SERVER.baseUrl() + "/v1");
    // chat's OpenAI endpoint too (ChatDocumentsIT reads the prompts it is sent)
    registry.add("omnix.chat.providers.openai.api-key", () -> KEY);
    registry.add("omnix.chat.providers.openai.base-url", () -> SERVER.baseUrl() + "/v1");
  }
}
