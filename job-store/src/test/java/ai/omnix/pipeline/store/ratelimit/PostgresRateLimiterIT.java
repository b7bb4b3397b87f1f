package ai.omnix.pipeline.store.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.provider.RateLimiter;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.provider.RateLimiterContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresRateLimiterIT extends RateLimiterContract {
  private final StoreFixture store = new StoreFixture();
  private final PostgresRateLimiter limiter =
      new PostgresRateLimiter(store.dataSource, store.clock);

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
      List<Future<java.util.Optional<Duration>>> takes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        PostgresRateLimiter worker = i % 2 == 0 ? limiter : otherWorker;
        takes.add(
            pool.submit(() -> worker.reserve("provider:shared", 1, 10, Duration.ofSeconds(20))));
      }
      List<Duration> waits = new ArrayList<>();
      for (Future<java.util.Optional<Duration>> take : takes) {
        take.get().ifPresent(waits::add);
      }
      assertThat(waits.stream().filter(Duration::isZero))
          .as("the burst of 10 across both workers")
          .hasSize(10);
      assertThat(waits.stream().filter(w -> !w.isZero()).toList())
          .as("then one place per second each, up to the 20 s the callers accept")
          .hasSize(20)
          .doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }
}
