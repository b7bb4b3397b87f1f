package ai.omnix.pipeline.generation.autoconfigure;

import ai.omnix.pipeline.generation.job.GenerationSettings;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import ai.omnix.pipeline.providers.guard.ProviderLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omnix.generation.*}. Every value has a default; a provider without an API key is not used.
 *
 * @param catalog a models JSON file replacing the bundled {@code generation/models.json}; null for
 *     the bundled one
 * @param offline whether the offline provider (synthetic files, no key, no network) serves the
 *     {@code offline-*} models; default true
 * @param workDir where the offline provider encodes videos; default {@code
 *     ${java.io.tmpdir}/omnix-generation}
 * @param providers per provider name ({@code openai}, {@code google}, {@code fal}): key, base URL,
 *     timeout, limits
 * @param circuit when an endpoint's circuit opens and when it tries again
 */
@ConfigurationProperties("omnix.generation")
public record GenerationProperties(
    Path catalog,
    Boolean offline,
    Path workDir,
    Map<String, Provider> providers,
    Circuit circuit,
    Duration imageAttemptTimeout,
    Duration imageJobTimeout,
    Duration videoAttemptTimeout,
    Duration videoJobTimeout,
    Duration maxPollInterval) {

  static final Map<String, URI> DEFAULT_BASE_URLS =
      Map.of(
          "openai", URI.create("https://api.openai.com/v1"),
          "google", URI.create("https://generativelanguage.googleapis.com"),
          "fal", URI.create("https://queue.fal.run"));

  public GenerationProperties {
    offline = offline == null || offline;
    workDir =
        workDir == null
            ? Path.of(System.getProperty("java.io.tmpdir"), "omnix-generation")
            : workDir;
    providers = providers == null ? Map.of() : new LinkedHashMap<>(providers);
    circuit = circuit == null ? new Circuit(null, null, null, null, null) : circuit;
    GenerationSettings d = GenerationSettings.DEFAULT;
    imageAttemptTimeout =
        imageAttemptTimeout == null ? d.imageAttemptTimeout() : imageAttemptTimeout;
    imageJobTimeout = imageJobTimeout == null ? d.imageJobTimeout() : imageJobTimeout;
    videoAttemptTimeout =
        videoAttemptTimeout == null ? d.videoAttemptTimeout() : videoAttemptTimeout;
    videoJobTimeout = videoJobTimeout == null ? d.videoJobTimeout() : videoJobTimeout;
    maxPollInterval = maxPollInterval == null ? d.maxPollInterval() : maxPollInterval;
  }

  /**
   * One provider's settings.
   *
   * @param apiKey the key; blank or absent leaves the provider out (the defaults read {@code
   *     OPENAI_API_KEY}, {@code GEMINI_API_KEY} and {@code FAL_KEY})
   * @param baseUrl default the provider's public API
   * @param timeout per HTTP call; default 60 s
   * @param requestsPerSecond submits per second for the whole cluster (a bucket in the store);
   *     default 5
   * @param burst default 10
   * @param maxConcurrentCalls HTTP calls in flight from this worker process; default 16
   * @param maxInFlight operations the provider works on at once for the whole cluster (fal's
   *     concurrency limit, for example); default 0, no such limit
   */
  public record Provider(
      String apiKey,
      URI baseUrl,
      Duration timeout,
      Double requestsPerSecond,
      Integer burst,
      Integer maxConcurrentCalls,
      Integer maxInFlight) {

    /** Without the key: settings may be logged. */
    @Override
    public String toString() {
      return "Provider[apiKey="
          + (configured() ? "(set)" : "(none)")
          + ", baseUrl="
          + baseUrl
          + ", timeout="
          + timeout
          + ", requestsPerSecond="
          + requestsPerSecond
          + ", burst="
          + burst
          + ", maxConcurrentCalls="
          + maxConcurrentCalls
          + ", maxInFlight="
          + maxInFlight
          + "]";
    }

    public boolean configured() {
      return apiKey != null && !apiKey.isBlank();
    }

    ProviderLimits limits() {
      ProviderLimits d = ProviderLimits.DEFAULT;
      return new ProviderLimits(
          requestsPerSecond == null ? d.requestsPerSecond() : requestsPerSecond,
          burst == null ? d.burst() : burst,
          maxConcurrentCalls == null ? d.maxConcurrentCalls() : maxConcurrentCalls,
          maxInFlight == null ? d.maxInFlight() : maxInFlight);
    }

    Duration timeoutOrDefault() {
      return timeout == null ? Duration.ofSeconds(60) : timeout;
    }
  }

  /**
   * See {@link ProviderGuards.CircuitSettings}; defaults: window 10, minimum 4 calls, 50 %, open 30
   * s, 2 probes.
   */
  public record Circuit(
      Integer window,
      Integer minimumCalls,
      Float failureRatePercent,
      Duration openFor,
      Integer halfOpenCalls) {
    ProviderGuards.CircuitSettings settings() {
      ProviderGuards.CircuitSettings d = ProviderGuards.CircuitSettings.DEFAULT;
      return new ProviderGuards.CircuitSettings(
          window == null ? d.window() : window,
          minimumCalls == null ? d.minimumCalls() : minimumCalls,
          failureRatePercent == null ? d.failureRatePercent() : failureRatePercent,
          openFor == null ? d.openFor() : openFor,
          halfOpenCalls == null ? d.halfOpenCalls() : halfOpenCalls);
    }
  }

  GenerationSettings settings() {
    GenerationSettings d = GenerationSettings.DEFAULT;
    return new GenerationSettings(
        imageAttemptTimeout,
        imageJobTimeout,
        videoAttemptTimeout,
        videoJobTimeout,
        maxPollInterval,
        d.maxImageBytes(),
        d.maxVideoBytes(),
        d.maxInputImageBytes());
  }
}
