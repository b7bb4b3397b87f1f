package ai.omnix.pipeline.store.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.provider.RateLimiter;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.provider.RateLimiterContract;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresRateLimiterIT extends RateLimiterContract {
  private final StoreFixture store = new StoreFixture();
  private final PostgresRateLimiter limiter = new PostgresRateLimiter(store.dataSource, store.clock);

  @Override
  protected SettableClock clock() {
    return store.clock;
  }

  @Override
  protected RateLimiter limiter() {
    return limiter;
  }

  @Test
  void twoWorkersDrawFromOneBucket() throws Exception {
    PostgresRateLimiter otherWorker = new PostgresRateLimiter(store.dataSource, store.clock);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Duration>> takes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        PostgresRateLimiter worker = i % 2 == 0 ? limiter : otherWorker;
        takes.add(pool.submit(() -> worker.tryAcquire("provider:shared", 1, 10)));
      }
      int granted = 0;
      for (Future<Duration> take : takes) {
        granted += take.get().isZero() ? 1 : 0;
      }
      assertThat(granted).as("the burst of 10 across both workers, the clock standing still").isEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
  }
}
