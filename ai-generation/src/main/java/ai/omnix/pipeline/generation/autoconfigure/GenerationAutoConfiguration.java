package ai.omnix.pipeline.generation.autoconfigure;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.job.GenerationJobHandler;
import ai.omnix.pipeline.generation.job.GenerationJobType;
import ai.omnix.pipeline.generation.job.GenerationSettings;
import ai.omnix.pipeline.generation.offline.OfflineProvider;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.provider.fal.FalQueueProvider;
import ai.omnix.pipeline.generation.provider.google.GeminiApi;
import ai.omnix.pipeline.generation.provider.google.GoogleImagenProvider;
import ai.omnix.pipeline.generation.provider.google.GoogleVeoProvider;
import ai.omnix.pipeline.generation.provider.openai.OpenAiImageProvider;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import ai.omnix.pipeline.providers.guard.ProviderLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The generation job types ({@code generate-image}, {@code generate-video}), the model catalog and
 * router, and the providers: the offline one unless turned off, and each real one whose API key is
 * configured. Which providers are on is logged at start-up, never their keys.
 */
@AutoConfiguration
@EnableConfigurationProperties(GenerationProperties.class)
public class GenerationAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(GenerationAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  ModelCatalog modelCatalog(GenerationProperties properties) throws IOException {
    if (properties.catalog() == null) {
      return ModelCatalog.bundled();
    }
    try (InputStream in = Files.newInputStream(properties.catalog())) {
      return ModelCatalog.read(in);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  GenerationProviders generationProviders(
      GenerationProperties properties,
      Clock clock,
      ObjectProvider<OutboundAddressPolicy> outbound) {
    // Provider calls, generated files they point at and every redirect obey the same address policy
    // as webhooks (omnix.outbound.*): a provider base URL on a private network must be allowed
    // there.
    OutboundAddressPolicy addresses = outbound.getIfAvailable(OutboundAddressPolicy::strict);
    List<GenerationProvider> providers = new ArrayList<>();
    if (properties.offline()) {
      providers.add(OfflineProvider.bundled(properties.workDir()));
    }
    properties
        .providers()
        .forEach(
            (name, p) -> {
              if (!p.configured()) {
                return;
              }
              URI base =
                  p.baseUrl() != null
                      ? p.baseUrl()
                      : GenerationProperties.DEFAULT_BASE_URLS.get(name);
              Duration timeout = p.timeoutOrDefault();
              switch (name) {
                case "openai" ->
                    providers.add(new OpenAiImageProvider(base, p.apiKey(), timeout, clock));
                case "fal" ->
                    providers.add(
                        new FalQueueProvider(base, p.apiKey(), timeout, clock, addresses));
                case "google" -> {
                  GeminiApi gemini = new GeminiApi(base, p.apiKey(), timeout, clock, addresses);
                  providers.add(new GoogleImagenProvider(gemini));
                  providers.add(new GoogleVeoProvider(gemini));
                }
                default ->
                    throw new IllegalStateException(
                        "omnix.generation.providers."
                            + name
                            + ": unknown provider; known: openai, google, fal");
              }
            });
    GenerationProviders configured = new GenerationProviders(providers);
    log.info("generation providers on: {}", configured.names());
    return configured;
  }

  @Bean
  @ConditionalOnMissingBean
  ModelRouter modelRouter(ModelCatalog catalog, GenerationProviders providers) {
    return new ModelRouter(catalog, providers.names());
  }

  @Bean
  @ConditionalOnMissingBean
  ProviderGuards providerGuards(
      GenerationProperties properties,
      Clock clock,
      org.springframework.beans.factory.ObjectProvider<ai.omnix.pipeline.core.provider.RateLimiter>
          rateLimiter) {
    Map<String, ProviderLimits> limits = new LinkedHashMap<>();
    properties.providers().forEach((name, p) -> limits.put(name, p.limits()));
    // The store's limiter is shared by every worker; without a store, limits hold per process.
    return new ProviderGuards(
        limits,
        properties.circuit().settings(),
        clock,
        rateLimiter.getIfAvailable(
            () -> new ai.omnix.pipeline.providers.guard.LocalRateLimiter(clock)));
  }

  /** The model tier billing checks a generation's plan against at submit. */
  @Bean
  ai.omnix.pipeline.core.billing.plan.ModelTiers generationModelTiers(ModelRouter router) {
    return new ai.omnix.pipeline.generation.job.GenerationModelTiers(router);
  }

  @Bean
  JobType generateImageJobType(ModelRouter router) {
    return GenerationJobType.image(router);
  }

  @Bean
  JobType generateVideoJobType(ModelRouter router) {
    return GenerationJobType.video(router);
  }

  /** The two generation handlers, built alike; only where jobs run. */
  record GenerationHandlers(JobHandler image, JobHandler video) {}

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  GenerationHandlers generationHandlers(
      ModelRouter router,
      GenerationProviders providers,
      ProviderGuards guards,
      ProviderAttemptLog attempts,
      GenerationProperties properties,
      Clock clock) {
    GenerationSettings settings = properties.settings();
    return new GenerationHandlers(
        new GenerationJobHandler(
            GenerationJobType.IMAGE, router, providers, guards, attempts, settings, clock),
        new GenerationJobHandler(
            GenerationJobType.VIDEO, router, providers, guards, attempts, settings, clock));
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler generateImageJobHandler(GenerationHandlers handlers) {
    return handlers.image();
  }

  @Bean
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  JobHandler generateVideoJobHandler(GenerationHandlers handlers) {
    return handlers.video();
  }

  @Bean
  @ConditionalOnMissingBean
  ai.omnix.pipeline.core.provider.ModelDirectory modelDirectory(
      ModelCatalog catalog, GenerationProviders providers, ProviderGuards guards) {
    return new ai.omnix.pipeline.generation.catalog.CatalogModelDirectory(
        catalog, providers.names(), key -> guards.circuitStates().get(key));
  }
}
