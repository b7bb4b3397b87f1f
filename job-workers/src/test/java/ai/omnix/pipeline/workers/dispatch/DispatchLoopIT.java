package ai.omnix.pipeline.workers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.store.StoreFixture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The loop against a real PostgreSQL connection (LISTEN), with an hour-long poll interval. */
class DispatchLoopIT {
  private final StoreFixture store = new StoreFixture();
  private final AtomicInteger passes = new AtomicInteger();
  private final CountDownLatch thirdPass = new CountDownLatch(3);
  private final CountDownLatch secondPass = new CountDownLatch(2);

  private DispatchLoop hourlyLoop(String channel, Supplier<Optional<Duration>> nextWake) {
    Runnable pass =
        () -> {
          passes.incrementAndGet();
          secondPass.countDown();
          thirdPass.countDown();
        };
    return new DispatchLoop(
        "test-loop", store.dataSource, channel, Duration.ofHours(1), pass, nextWake);
  }

  @Test
  void passesAgainWhenWorkFallsDueInsteadOfWaitingOutItsInterval() throws Exception {
    try (DispatchLoop loop =
        hourlyLoop("omnix_test_loop", () -> Optional.of(Duration.ofMillis(20)))) {
      loop.start();
      assertThat(thirdPass.await(30, TimeUnit.SECONDS))
          .as("three passes, not one per hour: the loop woke when work fell due")
          .isTrue();
    }
  }

  @Test
  void withoutAnythingDueItWaitsForANotificationOrItsInterval() throws Exception {
    try (DispatchLoop loop = hourlyLoop("omnix_test_loop_idle", Optional::empty)) {
      loop.start();
      Thread.sleep(500);
      assertThat(passes.get()).as("only the first pass").isEqualTo(1);
      store.jdbc.sql("select pg_notify('omnix_test_loop_idle', '')").query().listOfRows();
      assertThat(secondPass.await(30, TimeUnit.SECONDS)).as("the notification woke it").isTrue();
    }
  }
}
