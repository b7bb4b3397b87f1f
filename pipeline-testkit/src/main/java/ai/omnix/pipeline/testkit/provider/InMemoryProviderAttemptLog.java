package ai.omnix.pipeline.testkit.provider;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A {@link ProviderAttemptLog} in memory, for tests of handlers that need no database. */
public final class InMemoryProviderAttemptLog implements ProviderAttemptLog {
  private final Map<UUID, ProviderAttempt> attempts = new LinkedHashMap<>();
  private final Clock clock;

  public InMemoryProviderAttemptLog(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized UUID start(JobId job, String provider, String model, long estimatedCredits) {
    UUID id = UUID.randomUUID();
    attempts.put(
        id,
        new ProviderAttempt(
            id,
            job,
            provider,
            model,
            null,
            Outcome.PENDING,
            estimatedCredits,
            0,
            false,
            null,
            clock.instant(),
            null));
    return id;
  }

  @Override
  public synchronized void accepted(UUID attempt, String requestId) {
    ProviderAttempt a = attempts.get(attempt);
    if (a != null && a.outcome() == Outcome.PENDING) {
      attempts.put(
          attempt,
          new ProviderAttempt(
              a.id(),
              a.jobId(),
              a.provider(),
              a.model(),
              requestId,
              a.outcome(),
              a.estimatedCredits(),
              a.costCredits(),
              a.billed(),
              a.errorCode(),
              a.startedAt(),
              a.finishedAt()));
    }
  }

  @Override
  public synchronized boolean finish(
      UUID attempt, Outcome outcome, long costCredits, String errorCode) {
    if (outcome == Outcome.PENDING) {
      throw new IllegalArgumentException("an attempt cannot finish pending");
    }
    ProviderAttempt a = attempts.get(attempt);
    if (a == null || a.outcome() != Outcome.PENDING) {
      return false;
    }
    boolean discard =
        outcome == Outcome.SUCCEEDED
            && attempts.values().stream().anyMatch(o -> o.jobId().equals(a.jobId()) && o.billed());
    Outcome recorded = discard ? Outcome.DISCARDED : outcome;
    attempts.put(
        attempt,
        new ProviderAttempt(
            a.id(),
            a.jobId(),
            a.provider(),
            a.model(),
            a.requestId(),
            recorded,
            a.estimatedCredits(),
            costCredits,
            recorded == Outcome.SUCCEEDED,
            recorded == Outcome.SUCCEEDED || discard ? null : errorCode,
            a.startedAt(),
            clock.instant()));
    return !discard;
  }

  @Override
  public synchronized List<ProviderAttempt> forJob(JobId job) {
    List<ProviderAttempt> result = new ArrayList<>();
    attempts.values().stream().filter(a -> a.jobId().equals(job)).forEach(result::add);
    return result;
  }
}
