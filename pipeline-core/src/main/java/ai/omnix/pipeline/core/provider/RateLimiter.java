package ai.omnix.pipeline.core.provider;

import java.time.Duration;

/**
 * Token buckets by name, for limits on calls to outside providers. Implementations are thread-safe; a shared one
 * (on the database) makes a limit hold across every worker process.
 */
public interface RateLimiter {

  /**
   * Takes one token from the bucket {@code key}, which refills at {@code permitsPerSecond} up to {@code burst}.
   * Returns {@link Duration#ZERO} when a token was taken, else how long until one is free (nothing is taken then).
   * A bucket whose limit changes keeps its name and takes the new limit.
   */
  Duration tryAcquire(String key, double permitsPerSecond, int burst);
}
