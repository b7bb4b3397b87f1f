package ai.omnix.pipeline.providers.guard;

import ai.omnix.pipeline.core.provider.RateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Each provider endpoint's health (a Resilience4j circuit breaker, in this process), each
 * provider's rate limit (a token bucket in the {@link RateLimiter}: shared by all workers when it
 * lives in the database) and its call concurrency (in this process). Thread-safe.
 */
public final class ProviderGuards {
  private static final double COMPLETION_WEIGHT = 0.2;

  private final Map<String, ProviderLimits> limits;
  private final CircuitBreakerConfig circuitConfig;
  private final Clock clock;
  private final Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
  private final RateLimiter rateLimiter;
  private final Map<String, Semaphore> calls = new ConcurrentHashMap<>();
  private final Map<String, Duration> completionTimes = new ConcurrentHashMap<>();

  /**
   * @param limits per provider name; a provider left out gets {@link ProviderLimits#DEFAULT}
   * @param circuit when an endpoint's circuit opens and how it recovers
   */
  public ProviderGuards(Map<String, ProviderLimits> limits, CircuitSettings circuit, Clock clock) {
    this(limits, circuit, clock, new LocalRateLimiter(clock));
  }

  /**
   * @param rateLimiter where the providers' token buckets live: this process, or shared by all
   *     workers
   */
  public ProviderGuards(
      Map<String, ProviderLimits> limits,
      CircuitSettings circuit,
      Clock clock,
      RateLimiter rateLimiter) {
    this.rateLimiter = rateLimiter;
    this.limits = Map.copyOf(limits);
    this.clock = clock;
    this.circuitConfig =
        CircuitBreakerConfig.custom()
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
   * @param openFor how long an open circuit refuses calls before letting {@code halfOpenCalls}
   *     probes through
   */
  public record CircuitSettings(
      int window, int minimumCalls, float failureRatePercent, Duration openFor, int halfOpenCalls) {
    public static final CircuitSettings DEFAULT =
        new CircuitSettings(10, 4, 50, Duration.ofSeconds(30), 2);
  }

  public CircuitBreaker circuit(String endpointKey) {
    return circuits.computeIfAbsent(endpointKey, key -> CircuitBreaker.of(key, circuitConfig));
  }

  /** The circuits created so far, by endpoint key, for operators' views. */
  public Map<String, String> circuitStates() {
    Map<String, String> states = new java.util.TreeMap<>();
    circuits.forEach(
        (key, cb) -> states.put(key, cb.getState().name().toLowerCase(java.util.Locale.ROOT)));
    return states;
  }

  /**
   * Reserves a submit to the provider under its rate limit: usable after the returned wait (zero:
   * now); empty when the wait would exceed {@code maxWait}.
   */
  public java.util.Optional<Duration> reserveSubmit(String provider, Duration maxWait) {
    ProviderLimits l = limitsOf(provider);
    return rateLimiter.reserve("provider:" + provider, l.requestsPerSecond(), l.burst(), maxWait);
  }

  /**
   * Enters a call slot of the provider; false when all are busy. Pair a true with {@link
   * #exitCall}.
   */
  public boolean tryEnterCall(String provider) {
    return calls
        .computeIfAbsent(provider, p -> new Semaphore(limitsOf(p).maxConcurrentCalls()))
        .tryAcquire();
  }

  public void exitCall(String provider) {
    Semaphore s = calls.get(provider);
    if (s != null) {
      s.release();
    }
  }

  /** Records how long an operation of the endpoint took from submit until a poll found it done. */
  public void observedCompletion(String endpointKey, Duration took) {
    completionTimes.merge(
        endpointKey,
        took,
        (old, now) ->
            Duration.ofNanos(
                (long)
                    (old.toNanos() * (1 - COMPLETION_WEIGHT) + now.toNanos() * COMPLETION_WEIGHT)));
  }

  /**
   * How long the endpoint's operations take, as a moving average of what this process saw; empty
   * before the first. Polling first at a little less than this finds most operations done at the
   * first poll.
   */
  public java.util.Optional<Duration> expectedCompletion(String endpointKey) {
    return java.util.Optional.ofNullable(completionTimes.get(endpointKey));
  }

  /** The provider's cluster-wide cap on operations in flight; 0 when it has none. */
  public int maxInFlight(String provider) {
    return limitsOf(provider).maxInFlight();
  }

  private ProviderLimits limitsOf(String provider) {
    return limits.getOrDefault(provider, ProviderLimits.DEFAULT);
  }
}
