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
import java.util.Optional;
import java.util.UUID;

/** A {@link ProviderAttemptLog} in memory, for tests of handlers that need no database. */
public final class InMemoryProviderAttemptLog implements ProviderAttemptLog {
  private final Map<UUID, ProviderAttempt> attempts = new LinkedHashMap<>();
  private final java.util.Set<UUID> completed = new java.util.HashSet<>();
  private final Map<JobId, Waiter> waiters = new LinkedHashMap<>(); // oldest first
  private final List<JobId> woken = new ArrayList<>();

  private static final class Waiter {
    final String provider;
    boolean woken;

    Waiter(String provider) {
      this.provider = provider;
    }
  }

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
  public synchronized Optional<UUID> startWithin(
      JobId job, String provider, String model, long estimatedCredits, int maxInFlight) {
    if (inFlight(provider) >= maxInFlight) {
      return Optional.empty();
    }
    waiters.remove(job);
    return Optional.of(start(job, provider, model, estimatedCredits));
  }

  @Override
  public synchronized int inFlight(String provider) {
    return (int)
        attempts.values().stream()
            .filter(
                a ->
                    a.provider().equals(provider)
                        && a.outcome() == Outcome.PENDING
                        && !completed.contains(a.id()))
            .count();
  }

  @Override
  public synchronized void awaitCapacity(JobId job, String provider) {
    waiters.computeIfAbsent(job, j -> new Waiter(provider)).woken = false;
  }

  @Override
  public synchronized void completed(UUID attempt) {
    ProviderAttempt a = attempts.get(attempt);
    if (a != null && a.outcome() == Outcome.PENDING && completed.add(attempt)) {
      wake(a.provider());
    }
  }

  private void wake(String provider) {
    waiters.entrySet().stream()
        .filter(w -> w.getValue().provider.equals(provider) && !w.getValue().woken)
        .limit(1)
        .forEach(
            w -> {
              w.getValue().woken = true;
              woken.add(w.getKey());
            });
  }

  /** The jobs woken so far, in order: this log has no jobs to make due, so it only records them. */
  public synchronized List<JobId> woken() {
    return List.copyOf(woken);
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
    if (!completed.contains(attempt)) {
      wake(a.provider());
    }
    return !discard;
  }

  @Override
  public synchronized List<ProviderAttempt> forJob(JobId job) {
    List<ProviderAttempt> result = new ArrayList<>();
    attempts.values().stream().filter(a -> a.jobId().equals(job)).forEach(result::add);
    return result;
  }
}
