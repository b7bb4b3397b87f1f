package ai.omnix.pipeline.providers.guard;

/**
 * How hard the pipeline may drive one provider.
 *
 * @param requestsPerSecond submits per second (polls are not counted) for the whole cluster when
 *     the rate limiter is the store's (per worker process with {@link LocalRateLimiter})
 * @param burst submits allowed at once after a quiet spell
 * @param maxConcurrentCalls HTTP calls in flight at once in one worker process (a synchronous image
 *     call can take a minute)
 * @param maxInFlight operations the provider may be working on at once for the whole cluster
 *     (submitted and not yet ended, as the attempt records count them), for providers whose limit
 *     is concurrency rather than rate; 0 for no such limit
 */
public record ProviderLimits(
    double requestsPerSecond, int burst, int maxConcurrentCalls, int maxInFlight) {
  public static final ProviderLimits DEFAULT = new ProviderLimits(5, 10, 16, 0);

  public ProviderLimits {
    if (requestsPerSecond <= 0 || burst < 1 || maxConcurrentCalls < 1 || maxInFlight < 0) {
      throw new IllegalArgumentException("provider limits must be positive");
    }
  }

  public ProviderLimits(double requestsPerSecond, int burst, int maxConcurrentCalls) {
    this(requestsPerSecond, burst, maxConcurrentCalls, 0);
  }
}
