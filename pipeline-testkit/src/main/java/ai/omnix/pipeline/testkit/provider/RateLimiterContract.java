package ai.omnix.pipeline.testkit.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.provider.RateLimiter;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} must do; each implementation's test extends this. */
public abstract class RateLimiterContract {

  /** The clock the limiter under test reads. */
  protected abstract SettableClock clock();

  protected abstract RateLimiter limiter();

  private static String aKey() {
    return "test:" + UUID.randomUUID();
  }

  @Test
  void grantsABurstThenSaysHowLongToWait() {
    String key = aKey();
    for (int i = 0; i < 3; i++) {
      assertEquals(Duration.ZERO, limiter().tryAcquire(key, 2, 3), "token " + (i + 1) + " of the burst");
    }
    Duration wait = limiter().tryAcquire(key, 2, 3);
    assertFalse(wait.isZero());
    assertTrue(wait.compareTo(Duration.ofMillis(500)) <= 0, "one token every 500 ms, was " + wait);
  }

  @Test
  void refillsWithTime() {
    String key = aKey();
    assertEquals(Duration.ZERO, limiter().tryAcquire(key, 1, 1));
    assertFalse(limiter().tryAcquire(key, 1, 1).isZero());

    clock().advance(Duration.ofMillis(1_001));

    assertEquals(Duration.ZERO, limiter().tryAcquire(key, 1, 1));
  }

  @Test
  void aRefusedTakeTakesNothing() {
    String key = aKey();
    limiter().tryAcquire(key, 1, 1);
    for (int i = 0; i < 5; i++) {
      limiter().tryAcquire(key, 1, 1);
    }
    clock().advance(Duration.ofMillis(1_001));

    assertEquals(Duration.ZERO, limiter().tryAcquire(key, 1, 1), "refused takes did not go into debt");
  }

  @Test
  void bucketsAreIndependent() {
    String one = aKey();
    String other = aKey();
    limiter().tryAcquire(one, 1, 1);

    assertFalse(limiter().tryAcquire(one, 1, 1).isZero());
    assertEquals(Duration.ZERO, limiter().tryAcquire(other, 1, 1));
  }

  @Test
  void aLargerLimitTakesEffect() {
    String key = aKey();
    limiter().tryAcquire(key, 1, 1);
    assertFalse(limiter().tryAcquire(key, 1, 1).isZero());
    clock().advance(Duration.ofMillis(1_001));

    int granted = 0;
    for (int i = 0; i < 10; i++) {
      granted += limiter().tryAcquire(key, 1, 10).isZero() ? 1 : 0;
    }
    assertTrue(granted >= 1, "the new limit grants");
  }
}
