package ai.omnix.pipeline.core.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets by name, for limits on calls to outside providers. Implementations are thread-safe;
 * a shared one (on the database) makes a limit hold across every worker process.
 */
public interface RateLimiter {

  /**
   * Reserves one token of the bucket {@code key}, which refills at {@code permitsPerSecond} up to
   * {@code burst}: the token is usable after the returned wait ({@link Duration#ZERO}: now). Each
   * caller gets its own place in time, so callers that come back after their wait do not crowd the
   * bucket again. Empty, and nothing reserved, when the wait would be longer than {@code maxWait}.
   * A bucket whose limit changes keeps its name and takes the new limit.
   */
  Optional<Duration> reserve(String key, double permitsPerSecond, int burst, Duration maxWait);
}
