package ai.omnix.pipeline.workers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.store.StoreFixture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop against a real PostgreSQL connection (LISTEN), with an hour-long poll interval. */
class DispatchLoopIT {
  private final StoreFixture store = new StoreFixture();

  @Test
  void passesAgainWhenWorkFallsDueInsteadOfWaitingOutItsInterval() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    Runnable pass =
        () -> {
          passes.incrementAndGet();
          third.countDown();
        };
    try (DispatchLoop loop =
        new DispatchLoop(
            "test-loop",
            store.dataSource,
            "omnix_test_loop",
            Duration.ofHours(1),
            pass,
            () -> Optional.of(Duration.ofMillis(20)))) {
      loop.start();
      assertThat(third.await(30, TimeUnit.SECONDS))
          .as("three passes, not one per hour: the loop woke when work fell due")
          .isTrue();
    }
  }

  @Test
  void withoutAnythingDueItWaitsForANotificationOrItsInterval() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(2);
    Runnable pass =
        () -> {
          passes.incrementAndGet();
          second.countDown();
        };
    try (DispatchLoop loop =
        new DispatchLoop(
            "test-loop",
            store.dataSource,
            "omnix_test_loop_idle",
            Duration.ofHours(1),
            pass,
            Optional::empty)) {
      loop.start();
      Thread.sleep(500);
      assertThat(passes.get()).as("only the first pass").isEqualTo(1);
      store.jdbc.sql("select pg_notify('omnix_test_loop_idle', '')").query().listOfRows();
      assertThat(second.await(30, TimeUnit.SECONDS)).as("the notification woke it").isTrue();
    }
  }
}
