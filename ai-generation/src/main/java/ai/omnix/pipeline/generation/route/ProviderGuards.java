package ai.omnix.pipeline.generation.route;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Each provider endpoint's health (a Resilience4j circuit breaker) and each provider's rate limit (a Bucket4j token
 * bucket) and call concurrency, in this process. Thread-safe.
 */
public final class ProviderGuards {
  private final Map<String, ProviderLimits> limits;
  private final CircuitBreakerConfig circuitConfig;
  private final Clock clock;
  private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> calls = new ConcurrentHashMap<>();

  /**
   * @param limits per provider name; a provider left out gets {@link ProviderLimits#DEFAULT}
   * @param circuit when an endpoint's circuit opens and how it recovers
   */
  public ProviderGuards(Map<String, ProviderLimits> limits, CircuitSettings circuit, Clock clock) {
    this.limits = Map.copyOf(limits);
    this.clock = clock;
    this.circuitConfig = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(circuit.window())
        .minimumNumberOfCalls(circuit.minimumCalls())
        .failureRateThreshold(circuit.failureRatePercent())
        .waitDurationInOpenState(circuit.openFor())
        .permittedNumberOfCallsInHalfOpenState(circuit.halfOpenCalls())
        .clock(clock)
        .build();
  }

  /**
   * @param window the last calls the failure rate is computed over
   * @param minimumCalls calls needed before the circuit may open
   * @param failureRatePercent failing share of the window that opens the circuit
   * @param openFor how long an open circuit refuses calls before letting {@code halfOpenCalls} probes through
   */
  public record CircuitSettings(int window, int minimumCalls, float failureRatePercent, Duration openFor,
      int halfOpenCalls) {
    public static final CircuitSettings DEFAULT = new CircuitSettings(10, 4, 50, Duration.ofSeconds(30), 2);
  }

  public CircuitBreaker circuit(String endpointKey) {
    return circuits.computeIfAbsent(endpointKey, key -> CircuitBreaker.of(key, circuitConfig));
  }

  /** The circuits created so far, by endpoint key, for operators' views. */
  public Map<String, String> circuitStates() {
    Map<String, String> states = new java.util.TreeMap<>();
    circuits.forEach((key, cb) -> states.put(key, cb.getState().name().toLowerCase(java.util.Locale.ROOT)));
    return states;
  }

  /** Takes a submit token for the provider: {@link Duration#ZERO} when granted, else how long until one is free. */
  public Duration tryAcquireSubmit(String provider) {
    ConsumptionProbe probe = bucket(provider).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  /** Enters a call slot of the provider; false when all are busy. Pair a true with {@link #exitCall}. */
  public boolean tryEnterCall(String provider) {
    return calls.computeIfAbsent(provider, p -> new Semaphore(limitsOf(p).maxConcurrentCalls())).tryAcquire();
  }

  public void exitCall(String provider) {
    Semaphore s = calls.get(provider);
    if (s != null) {
      s.release();
    }
  }

  private Bucket bucket(String provider) {
    return buckets.computeIfAbsent(provider, p -> {
      ProviderLimits l = limitsOf(p);
      long refillNanos = Math.max(1, Math.round(1_000_000_000d / l.requestsPerSecond()));
      return Bucket.builder()
          .addLimit(Bandwidth.builder().capacity(l.burst()).refillGreedy(1, Duration.ofNanos(refillNanos)).build())
          .withCustomTimePrecision(new ClockTimeMeter(clock))
          .build();
    });
  }

  private ProviderLimits limitsOf(String provider) {
    return limits.getOrDefault(provider, ProviderLimits.DEFAULT);
  }

  /** Bucket4j's time from the injected clock, so tests can move time. */
  private record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      java.time.Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
