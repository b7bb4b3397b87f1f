package ai.omnix.pipeline.generation.route;

/**
 * How hard one worker process may drive one provider.
 *
 * @param requestsPerSecond submits per second (polls are not counted); set it to the provider's
 *     quota divided by the number of worker processes
 * @param burst submits allowed at once after a quiet spell
 * @param maxConcurrentCalls HTTP calls in flight at once (a synchronous image call can take a
 *     minute)
 */
public record ProviderLimits(double requestsPerSecond, int burst, int maxConcurrentCalls) {
  public static final ProviderLimits DEFAULT = new ProviderLimits(5, 10, 16);

  public ProviderLimits {
    if (requestsPerSecond <= 0 || burst < 1 || maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("provider limits must be positive");
    }
  }
}
