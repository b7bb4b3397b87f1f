package ai.omnix.pipeline.workers.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Delays between webhook attempts. The default (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about
 * 27.6 h in all) follows the schedule common to Svix and Standard Webhooks senders and keeps
 * retrying for more than 24 hours.
 */
public record RetrySchedule(List<Duration> delays) {
  public static RetrySchedule standard() {
    return new RetrySchedule(
        List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10)));
  }

  public RetrySchedule {
    delays = List.copyOf(delays);
  }

  /**
   * The delay after failed attempt number {@code attempt} (1-based), or empty when no attempts
   * remain.
   */
  public Optional<Duration> delayAfter(int attempt) {
    return attempt <= delays.size() ? Optional.of(delays.get(attempt - 1)) : Optional.empty();
  }
}
