package ai.omnix.pipeline.generation.route;

import ai.omnix.pipeline.core.provider.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
  public Duration tryAcquire(String key, double permitsPerSecond, int burst) {
    Limited limited = buckets.compute(key, (k, old) -> old != null && old.permitsPerSecond() == permitsPerSecond
        && old.burst() == burst ? old : new Limited(permitsPerSecond, burst, bucket(permitsPerSecond, burst)));
    ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  private Bucket bucket(double permitsPerSecond, int burst) {
    return Bucket.builder().addLimit(bandwidth(permitsPerSecond, burst))
        .withCustomTimePrecision(new ClockTimeMeter(clock)).build();
  }

  /** One token every 1/permitsPerSecond, at most {@code burst} saved up. */
  public static Bandwidth bandwidth(double permitsPerSecond, int burst) {
    if (permitsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
    }
    long refillNanos = Math.max(1, Math.round(1_000_000_000d / permitsPerSecond));
    return Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(refillNanos)).build();
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
