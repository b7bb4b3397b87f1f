package ai.omnix.pipeline.providers.guard;

import ai.omnix.pipeline.core.provider.RateLimiter;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.provider.RateLimiterContract;
import java.time.Instant;

class LocalRateLimiterTest extends RateLimiterContract {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final LocalRateLimiter limiter = new LocalRateLimiter(clock);

  @Override
  protected SettableClock clock() {
    return clock;
  }

  @Override
  protected RateLimiter limiter() {
    return limiter;
  }
}
