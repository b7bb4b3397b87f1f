package ai.omnix.pipeline.store.ratelimit;

import ai.omnix.pipeline.core.provider.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * {@link RateLimiter} on Bucket4j's PostgreSQL buckets ({@code rate_limit_buckets}): every worker
 * process draws from the same bucket, so a provider's limit holds for the whole cluster. Each take
 * is one short transaction with a row lock. Thread-safe.
 */
public final class PostgresRateLimiter implements RateLimiter {
  private final ProxyManager<String> buckets;
  private final Map<String, Limited> proxies = new ConcurrentHashMap<>();

  private record Limited(double permitsPerSecond, int burst, BucketProxy bucket) {}

  public PostgresRateLimiter(DataSource dataSource, Clock clock) {
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_limit_buckets")
            .idColumn("id")
            .stateColumn("state")
            .clientClock(new ClockTimeMeter(clock))
            .build();
  }

  @Override
  public Optional<Duration> reserve(
      String key, double permitsPerSecond, int burst, Duration maxWait) {
    Limited limited =
        proxies.compute(
            key,
            (k, old) ->
                old != null && old.permitsPerSecond() == permitsPerSecond && old.burst() == burst
                    ? old
                    : new Limited(permitsPerSecond, burst, proxy(k, permitsPerSecond, burst)));
    long[] wait = {0};
    // Bucket4j's atomic reservation (its blocking take), with a "sleep" that only notes the wait:
    // the caller
    // suspends its job for that long instead of holding a thread.
    BlockingStrategy noteTheWait = nanos -> wait[0] = nanos;
    try {
      return limited.bucket().asBlocking().tryConsume(1, maxWait.toNanos(), noteTheWait)
          ? Optional.of(Duration.ofNanos(wait[0]))
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // not reached: the strategy never parks
      return Optional.empty();
    }
  }

  private BucketProxy proxy(String key, double permitsPerSecond, int burst) {
    if (permitsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
    }
    long refillNanos = Math.max(1, Math.round(1_000_000_000d / permitsPerSecond));
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(burst)
                    .refillGreedy(1, Duration.ofNanos(refillNanos))
                    .build())
            .build();
    // The version follows the limit, so a changed limit replaces the stored one instead of being
    // ignored.
    long version = Math.abs((long) (permitsPerSecond * 1000) * 31 + burst);
    return buckets
        .builder()
        .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
        .build(key, () -> configuration);
  }

  private record ClockTimeMeter(Clock clock) implements TimeMeter {
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
