package ai.omnix.pipeline.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps floods of unknown API keys away from the database without locking out valid keys.
 *
 * <ul>
 *   <li>A key found unknown is remembered for {@code negativeTtl}: repeating it costs no lookup.
 *   <li>Database lookups that find nothing are counted per client address and in total, in fixed
 *       windows of {@code window}. Past {@code perAddress} failures from one address, or {@code
 *       total} from everyone, a key that needs a lookup is answered "retry later" instead of being
 *       looked up, until the window ends.
 *   <li>Valid keys are not locked out: a key in the caller's positive cache never needs a lookup,
 *       and a key that authenticated within {@code rememberValid} is looked up even while its
 *       address is throttled (an attacker cannot make a random key look recently valid). Only a key
 *       never seen (or not seen for {@code rememberValid}) waits, at most until the window ends.
 * </ul>
 *
 * Every map is bounded by {@code maxTracked} entries (cleared when full: a flood of addresses can
 * reset the per-address counts, which is why the total count exists). Thread-safe; time from the
 * injected clock.
 */
public final class FailedLookupThrottle {
  private final Clock clock;
  private final Duration negativeTtl;
  private final Duration window;
  private final int perAddress;
  private final int total;
  private final Duration rememberValid;
  private final int maxTracked;

  private final Map<String, Instant> unknownKeys = new ConcurrentHashMap<>();
  private final Map<String, Instant> validKeys = new ConcurrentHashMap<>();
  private final Map<String, Window> failuresByAddress = new ConcurrentHashMap<>();
  private volatile Window failures;

  public FailedLookupThrottle(
      Clock clock,
      Duration negativeTtl,
      Duration window,
      int perAddress,
      int total,
      Duration rememberValid,
      int maxTracked) {
    if (window.isZero() || window.isNegative() || perAddress < 1 || total < 1 || maxTracked < 1) {
      throw new IllegalArgumentException("window, limits and maxTracked must be positive");
    }
    this.clock = clock;
    this.negativeTtl = negativeTtl;
    this.window = window;
    this.perAddress = perAddress;
    this.total = total;
    this.rememberValid = rememberValid;
    this.maxTracked = maxTracked;
    this.failures = new Window(Instant.MIN, 0);
  }

  private record Window(Instant start, int count) {}

  /** Whether this key hash was looked up and found unknown within {@code negativeTtl}. */
  public boolean isKnownUnknown(String keyHash) {
    Instant until = unknownKeys.get(keyHash);
    if (until == null) {
      return false;
    }
    if (until.isAfter(clock.instant())) {
      return true;
    }
    unknownKeys.remove(keyHash, until);
    return false;
  }

  /**
   * How long the caller must wait before this key may be looked up, or empty when it may be now.
   */
  public Optional<Duration> waitBeforeLookup(String keyHash, String address) {
    Instant now = clock.instant();
    Instant lastValid = validKeys.get(keyHash);
    if (lastValid != null && lastValid.plus(rememberValid).isAfter(now)) {
      return Optional.empty();
    }
    Window mine = failuresByAddress.get(address);
    Window all = failures;
    Instant until = null;
    if (mine != null && isCurrent(mine, now) && mine.count() >= perAddress) {
      until = mine.start().plus(window);
    }
    if (isCurrent(all, now) && all.count() >= total) {
      Instant end = all.start().plus(window);
      until = until == null || end.isAfter(until) ? end : until;
    }
    return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
  }

  /** A lookup found the key unknown: remember the key and count the failure. */
  public void lookupFailed(String keyHash, String address) {
    Instant now = clock.instant();
    bound(unknownKeys);
    unknownKeys.put(keyHash, now.plus(negativeTtl));
    bound(failuresByAddress);
    failuresByAddress.compute(address, (a, w) -> next(w, now));
    synchronized (this) {
      failures = next(failures, now);
    }
  }

  /** A lookup found the key valid. */
  public void lookupSucceeded(String keyHash) {
    bound(validKeys);
    validKeys.put(keyHash, clock.instant());
    unknownKeys.remove(keyHash);
  }

  /** A key was issued or revoked here: forget what was remembered about it. */
  public void forget(String keyHash) {
    unknownKeys.remove(keyHash);
    validKeys.remove(keyHash);
  }

  private Window next(Window current, Instant now) {
    return current != null && isCurrent(current, now)
        ? new Window(current.start(), current.count() + 1)
        : new Window(now, 1);
  }

  private boolean isCurrent(Window w, Instant now) {
    return w.start().plus(window).isAfter(now);
  }

  private void bound(Map<?, ?> map) {
    if (map.size() >= maxTracked) {
      map.clear();
    }
  }
}
