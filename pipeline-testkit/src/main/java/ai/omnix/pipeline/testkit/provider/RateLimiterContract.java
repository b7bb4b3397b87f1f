package ai.omnix.pipeline.testkit.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.provider.RateLimiter;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} must do; each implementation's test extends this. */
public abstract class RateLimiterContract {
  private static final Duration LONG = Duration.ofMinutes(1);

  /** The clock the limiter under test reads. */
  protected abstract SettableClock clock();

  protected abstract RateLimiter limiter();

  private static String aKey() {
    return "test:" + UUID.randomUUID();
  }

  @Test
  void grantsABurstAtOnceThenGivesEachCallerItsOwnLaterPlace() {
    String key = aKey();
    for (int i = 0; i < 3; i++) {
      assertEquals(
          Optional.of(Duration.ZERO), limiter().reserve(key, 2, 3, LONG), "token " + (i + 1));
    }

    assertEquals(Optional.of(Duration.ofMillis(500)), limiter().reserve(key, 2, 3, LONG));
    assertEquals(Optional.of(Duration.ofMillis(1000)), limiter().reserve(key, 2, 3, LONG));
    assertEquals(Optional.of(Duration.ofMillis(1500)), limiter().reserve(key, 2, 3, LONG));
  }

  @Test
  void aWaitLongerThanTheCallerAcceptsReservesNothing() {
    String key = aKey();
    limiter().reserve(key, 1, 1, LONG);
    assertEquals(Optional.of(Duration.ofSeconds(1)), limiter().reserve(key, 1, 1, LONG));

    assertEquals(Optional.empty(), limiter().reserve(key, 1, 1, Duration.ofMillis(1_500)));
    assertEquals(
        Optional.of(Duration.ofSeconds(2)),
        limiter().reserve(key, 1, 1, LONG),
        "the refused caller took no place");
  }

  @Test
  void refillsWithTime() {
    String key = aKey();
    limiter().reserve(key, 1, 1, LONG);

    clock().advance(Duration.ofMillis(1_000));

    assertEquals(Optional.of(Duration.ZERO), limiter().reserve(key, 1, 1, LONG));
  }

  @Test
  void bucketsAreIndependent() {
    String one = aKey();
    String other = aKey();
    limiter().reserve(one, 1, 1, LONG);

    assertTrue(limiter().reserve(one, 1, 1, LONG).filter(w -> !w.isZero()).isPresent());
    assertEquals(Optional.of(Duration.ZERO), limiter().reserve(other, 1, 1, LONG));
  }

  @Test
  void aLargerLimitTakesEffect() {
    String key = aKey();
    limiter().reserve(key, 1, 1, LONG);
    clock().advance(Duration.ofMillis(1_000));

    int atOnce = 0;
    for (int i = 0; i < 10; i++) {
      atOnce += limiter().reserve(key, 1, 10, LONG).filter(Duration::isZero).isPresent() ? 1 : 0;
    }
    assertTrue(atOnce >= 1, "the new limit grants");
  }
}
