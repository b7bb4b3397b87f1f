package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.core.admission.UnfinishedJobCounter;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts unfinished jobs per tenant at most once per {@code ttl}, adding the submissions admitted
 * since: counting a large backlog on every submit would dominate the submit path. The limit can
 * overshoot by what other API processes admit within one {@code ttl}.
 */
final class CachedUnfinishedJobCounter implements UnfinishedJobCounter {
  private final UnfinishedJobCounter source;
  private final Clock clock;
  private final Duration ttl;
  private final Map<TenantId, Entry> cache = new ConcurrentHashMap<>();

  CachedUnfinishedJobCounter(UnfinishedJobCounter source, Clock clock, Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  private record Entry(int count, Instant until) {}

  /**
   * The count before this submission; this submission is counted as admitted for the rest of the
   * period.
   */
  @Override
  public int unfinishedJobs(TenantId tenant) {
    Instant now = clock.instant();
    Entry entry =
        cache.compute(
            tenant,
            (t, old) ->
                old != null && old.until().isAfter(now)
                    ? new Entry(old.count() + 1, old.until())
                    : new Entry(source.unfinishedJobs(t) + 1, now.plus(ttl)));
    return entry.count() - 1;
  }
}
