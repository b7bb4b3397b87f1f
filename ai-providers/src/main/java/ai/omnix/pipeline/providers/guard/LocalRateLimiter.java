package ai.omnix.pipeline.providers.guard;

import ai.omnix.pipeline.core.provider.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Bucket4j buckets in this process's memory: a limit holds per worker process. Thread-safe. */
public final class LocalRateLimiter implements RateLimiter {
  private final Clock clock;
  private final Map<String, Limited> buckets = new ConcurrentHashMap<>();

  private record Limited(double permitsPerSecond, int burst, Bucket bucket) {}

  public LocalRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<Duration> reserve(
      String key, double permitsPerSecond, int burst, Duration maxWait) {
    Limited limited =
        buckets.compute(
            key,
            (k, old) ->
                old != null && old.permitsPerSecond() == permitsPerSecond && old.burst() == burst
                    ? old
                    : new Limited(permitsPerSecond, burst, bucket(permitsPerSecond, burst)));
    return reserve(limited.bucket(), maxWait);
  }

  /**
   * Bucket4j's own atomic reservation (its blocking take), with a "sleep" that only notes how long
   * the caller must wait: the caller suspends its job for that long instead of holding a thread.
   */
  public static Optional<Duration> reserve(Bucket bucket, Duration maxWait) {
    long[] wait = {0};
    BlockingStrategy noteTheWait = nanos -> wait[0] = nanos;
    try {
      return bucket.asBlocking().tryConsume(1, maxWait.toNanos(), noteTheWait)
          ? Optional.of(Duration.ofNanos(wait[0]))
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // not reached: the strategy never parks
      return Optional.empty();
    }
  }

  private Bucket bucket(double permitsPerSecond, int burst) {
    return Bucket.builder()
        .addLimit(bandwidth(permitsPerSecond, burst))
        .withCustomTimePrecision(new ClockTimeMeter(clock))
        .build();
  }

  /** One token every 1/permitsPerSecond, at most {@code burst} saved up. */
  public static Bandwidth bandwidth(double permitsPerSecond, int burst) {
    if (permitsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
    }
    long refillNanos = Math.max(1, Math.round(1_000_000_000d / permitsPerSecond));
    return Bandwidth.builder()
        .capacity(burst)
        .refillGreedy(1, Duration.ofNanos(refillNanos))
        .build();
  }

  /** Bucket4j's time from an injected clock, so tests can move time. */
  public record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
