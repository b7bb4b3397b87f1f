package ai.omnix.pipeline.launcher.metrics;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts provider attempts as they end, around the store's log of them: {@code
 * omnix_provider_requests_total{provider,model,outcome}}, {@code
 * omnix_provider_errors_total{provider,model,error_code}} and {@code
 * omnix_provider_request_seconds{provider,model}} (start to end, for attempts started in this
 * process). Providers, models and error codes are bounded by {@link BoundedLabel}. At most {@value
 * #MAX_TRACKED} attempts are timed at once; beyond that an attempt is counted but not timed.
 */
final class MeteredProviderAttemptLog implements ProviderAttemptLog {
  static final int MAX_TRACKED = 10_000;

  private record Started(String provider, String model, Instant at) {}

  private final ProviderAttemptLog delegate;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<UUID, Started> started = new ConcurrentHashMap<>();
  private final BoundedLabel providers = new BoundedLabel(50);
  private final BoundedLabel models = new BoundedLabel(200);
  private final BoundedLabel errorCodes = new BoundedLabel(200);

  MeteredProviderAttemptLog(ProviderAttemptLog delegate, MeterRegistry registry, Clock clock) {
    this.delegate = delegate;
    this.registry = registry;
    this.clock = clock;
  }

  private void track(UUID attempt, String provider, String model) {
    if (started.size() < MAX_TRACKED) {
      started.put(attempt, new Started(providers.of(provider), models.of(model), clock.instant()));
    }
  }

  @Override
  public UUID start(JobId job, String provider, String model, long estimatedCredits) {
    UUID attempt = delegate.start(job, provider, model, estimatedCredits);
    track(attempt, provider, model);
    return attempt;
  }

  @Override
  public Optional<UUID> startWithin(
      JobId job, String provider, String model, long estimatedCredits, int maxInFlight) {
    Optional<UUID> attempt =
        delegate.startWithin(job, provider, model, estimatedCredits, maxInFlight);
    attempt.ifPresent(a -> track(a, provider, model));
    return attempt;
  }

  @Override
  public int inFlight(String provider) {
    return delegate.inFlight(provider);
  }

  @Override
  public void awaitCapacity(JobId job, String provider) {
    delegate.awaitCapacity(job, provider);
  }

  @Override
  public void completed(UUID attempt) {
    delegate.completed(attempt);
  }

  @Override
  public void accepted(UUID attempt, String requestId) {
    delegate.accepted(attempt, requestId);
  }

  @Override
  public boolean finish(
      UUID attempt, ProviderAttempt.Outcome outcome, long costCredits, String errorCode) {
    boolean recorded = delegate.finish(attempt, outcome, costCredits, errorCode);
    Started s = started.remove(attempt);
    if (s == null || !recorded && outcome != ProviderAttempt.Outcome.SUCCEEDED) {
      // an attempt started elsewhere, or one that had already ended: nothing this process can add
      return recorded;
    }
    String outcomeLabel =
        (recorded ? outcome : ProviderAttempt.Outcome.DISCARDED).name().toLowerCase(Locale.ROOT);
    Counter.builder("omnix.provider.requests")
        .description("Provider attempts by how they ended")
        .tag("provider", s.provider())
        .tag("model", s.model())
        .tag("outcome", outcomeLabel)
        .register(registry)
        .increment();
    if (outcome == ProviderAttempt.Outcome.FAILED || outcome == ProviderAttempt.Outcome.TIMED_OUT) {
      Counter.builder("omnix.provider.errors")
          .description("Provider attempts that failed or timed out, by error code")
          .tag("provider", s.provider())
          .tag("model", s.model())
          .tag(
              "error_code",
              errorCodes.of(
                  errorCode == null && outcome == ProviderAttempt.Outcome.TIMED_OUT
                      ? "timed_out"
                      : errorCode))
          .register(registry)
          .increment();
    }
    Timer.builder("omnix.provider.request")
        .description("From sending an attempt to its end")
        .tag("provider", s.provider())
        .tag("model", s.model())
        .serviceLevelObjectives(
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5))
        .register(registry)
        .record(Duration.between(s.at(), clock.instant()));
    return recorded;
  }

  @Override
  public List<ProviderAttempt> forJob(JobId job) {
    return delegate.forJob(job);
  }
}
