package ai.omnix.pipeline.testkit.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link AllowanceCounters} must do; each implementation's test extends this. */
public abstract class AllowanceCountersContract {
  private static final Instant TODAY = Instant.parse("2026-03-20T00:00:00Z");
  private static final Instant TOMORROW = Instant.parse("2026-03-21T00:00:00Z");

  protected abstract AllowanceCounters counters();

  protected abstract TenantId aTenant();

  @Test
  void countsUpToTheAllowanceAndNoFurther() {
    TenantId tenant = aTenant();
    for (int i = 0; i < 5; i++) {
      assertTrue(counters().tryConsume(tenant, Feature.TEXT, TODAY, 5, 1, "m" + i));
    }
    assertFalse(counters().tryConsume(tenant, Feature.TEXT, TODAY, 5, 1, "m5"));
    assertEquals(5, counters().used(tenant, Feature.TEXT, TODAY));
    assertFalse(
        counters().tryConsume(aTenant(), Feature.TEXT, TODAY, 1, 2, "two"),
        "two units never fit one");
  }

  @Test
  void aNewWindowStartsFromZero() {
    TenantId tenant = aTenant();
    assertTrue(counters().tryConsume(tenant, Feature.TEXT, TODAY, 1, 1, "a"));
    assertFalse(counters().tryConsume(tenant, Feature.TEXT, TODAY, 1, 1, "b"));
    assertTrue(counters().tryConsume(tenant, Feature.TEXT, TOMORROW, 1, 1, "c"));
    assertEquals(0, counters().used(tenant, Feature.IMAGE, TODAY), "features count apart");
  }

  @Test
  void aKeyCountsOnceAndGivingBackFreesItsUnits() {
    TenantId tenant = aTenant();
    assertTrue(counters().tryConsume(tenant, Feature.IMAGE, TODAY, 10, 4, "job-1"));
    assertTrue(counters().tryConsume(tenant, Feature.IMAGE, TODAY, 10, 4, "job-1"));
    assertEquals(4, counters().used(tenant, Feature.IMAGE, TODAY));

    assertTrue(counters().giveBack(tenant, "job-1"));
    assertFalse(counters().giveBack(tenant, "job-1"), "given back once");
    assertFalse(counters().giveBack(tenant, "unknown"));
    assertEquals(0, counters().used(tenant, Feature.IMAGE, TODAY));
  }

  @Test
  void racingConsumersNeverExceedTheAllowance() throws Exception {
    TenantId tenant = aTenant();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = "m" + i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                return counters().tryConsume(tenant, Feature.TEXT, TODAY, 10, 1, key);
              }));
    }
    start.countDown();
    int counted = 0;
    for (Future<Boolean> r : results) {
      counted += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(10, counted);
    assertEquals(10, counters().used(tenant, Feature.TEXT, TODAY));
  }
}
