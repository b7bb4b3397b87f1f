package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.generation.route.RoutingException;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a generation job does next: a pure function of its checkpoint, of what this run has learned
 * (the providers' answers to polls and submits, the guards' answers) and of the time. No I/O: the
 * handler performs each {@link Decision}, tells the {@link Run} what came of it, and asks again,
 * until a decision ends the run ({@link Deliver}, {@link Wait} or {@link Fail}).
 *
 * <p>The order of things: a result in hand is delivered; a job over its time fails; a provider's
 * refusal fails the job; each operation in flight is polled once per run; only when none is live
 * (each has outlived its attempt timeout) are routes tried, cheapest first, skipping those the
 * guards hold back; then the job waits, for the next poll or for the earliest moment a route may be
 * tried, or fails when nothing is left to wait for.
 *
 * <p>A later stage may perform a short {@link Wait} inline and ask again, so that a job needs fewer
 * runs; nothing here assumes a wait ends the run.
 */
final class GenerationStep {
  static final String WAITING_FOR_PROVIDER = "waiting_for_provider";
  static final String WAITING_FOR_RATE_LIMIT = "waiting_for_rate_limit";
  static final String WAITING_FOR_CAPACITY = "waiting_for_capacity";
  static final Duration MIN_WAIT = Duration.ofMillis(200);
  private static final Duration RETRY_SOON = Duration.ofSeconds(1);

  private final GenerationSettings settings;
  private final boolean video;

  GenerationStep(GenerationSettings settings, boolean video) {
    this.settings = settings;
    this.video = video;
  }

  /** What the job does next. */
  sealed interface Decision permits Poll, Submit, Deliver, Wait, Fail {}

  /** Ask the provider about an operation in flight. */
  record Poll(GenerationCheckpoint.Pending operation) implements Decision {}

  /**
   * Ask the route's guards (circuit, call slot, capacity, rate-limit token) and submit if they all
   * let it through; tell the run what came of it.
   *
   * @param tokenReserved a token reserved by an earlier run is due now: take no other
   */
  record Submit(Route route, boolean tokenReserved) implements Decision {}

  /** Adopt this attempt's result: store its outputs, bill it, end the other attempts. */
  record Deliver(Attempt attempt, ProviderResponse.Completed result) implements Decision {}

  /** Nothing to do until then: give the thread back. */
  record Wait(Duration after, String reason) implements Decision {}

  /**
   * End the job with this code; the message is the tenant's.
   *
   * @param abandonPending end the operations still in flight (the job will not wait on them)
   */
  record Fail(String code, String message, boolean retryable, boolean abandonPending)
      implements Decision {}

  /** One provider attempt, as billing knows it. */
  record Attempt(UUID id, String routeKey, String provider, String model, long credits) {
    static Attempt of(GenerationCheckpoint.Pending p) {
      return new Attempt(p.attemptId, p.routeKey, p.provider, p.model, p.credits);
    }
  }

  /** The guards' and the provider's answer when a route was tried. */
  sealed interface Tried permits Held, TokenLater, Failed, Submitted {}

  /** The guards held the route back. */
  enum Held implements Tried {
    /** Its circuit is open: skip it. */
    CIRCUIT_OPEN,
    /** This worker has as many calls in flight to the provider as it may: try again soon. */
    NO_CALL_SLOT,
    /** The provider works on as many operations as it may take: wait to be woken. */
    NO_CAPACITY,
    /** The provider's rate limit has no token within the longest wait: a dearer route may. */
    TOKEN_TOO_FAR
  }

  /** A token is reserved for this route, usable after {@code after}: come back then. */
  record TokenLater(Duration after) implements Tried {}

  /** The provider answered the submit with a failure another route may not have. */
  record Failed(Kind kind, Duration retryAfter) implements Tried {}

  /** The provider took the request: it is in flight, or its result is in hand. */
  record Submitted() implements Tried {}

  /**
   * What one run of the job has learned so far. The handler fills it in as it acts; {@link #decide}
   * only reads it.
   */
  static final class Run {
    final Instant startedAt;
    final Set<String> reachable;
    final List<Route> routes;
    final RoutingException routingFailure;
    final Function<String, Optional<Duration>> usualTimes;
    final Set<UUID> polled = new HashSet<>();
    final Map<String, Tried> tried = new HashMap<>();
    Deliver delivered;
    ProviderException refusal;
    String refusedBy;

    /**
     * @param reachable the providers this worker can call for the job's capability
     * @param routes the router's routes, cheapest first; null when it found none
     * @param routingFailure why it found none
     * @param usualTimes how long each endpoint's operations usually take, as the guards saw
     */
    Run(
        Instant startedAt,
        Set<String> reachable,
        List<Route> routes,
        RoutingException routingFailure,
        Function<String, Optional<Duration>> usualTimes) {
      this.startedAt = startedAt;
      this.reachable = Set.copyOf(reachable);
      this.routes = routes == null ? List.of() : List.copyOf(routes);
      this.routingFailure = routingFailure;
      this.usualTimes = usualTimes;
    }

    void polled(GenerationCheckpoint.Pending operation) {
      polled.add(operation.attemptId);
    }

    void tried(Route route, Tried answer) {
      tried.put(route.key(), answer);
    }

    void delivered(Attempt attempt, ProviderResponse.Completed result) {
      delivered = new Deliver(attempt, result);
    }

    /** A provider refused the request (invalid, unauthorized, content policy): no failover. */
    void refused(ProviderException e, String provider) {
      refusal = e;
      refusedBy = provider;
    }
  }

  /** Starts a run: the job's clock starts at its first run, and a new attempt tries every route. */
  static void begin(GenerationCheckpoint cp, int jobAttempt, Instant now) {
    if (cp.startedAt == null) {
      cp.startedAt = now;
    }
    if (cp.jobAttempt != jobAttempt) {
      cp.jobAttempt = jobAttempt;
      cp.tried.clear();
    }
  }

  Decision decide(GenerationCheckpoint cp, Run run, Instant now) {
    if (run.delivered != null) {
      return run.delivered;
    }
    Duration jobTimeout = video ? settings.videoJobTimeout() : settings.imageJobTimeout();
    if (run.startedAt.isAfter(cp.startedAt.plus(jobTimeout))) {
      return new Fail(
          "generation_timeout",
          "No provider delivered within " + jobTimeout.toMinutes() + " minutes.",
          false,
          true);
    }
    if (run.refusal != null) {
      return new Fail(run.refusal.kind().code(), refusal(run), false, true);
    }
    for (GenerationCheckpoint.Pending p : cp.pending) {
      if (!run.reachable.contains(p.provider)) {
        // Another worker has the key: leave the operation pending for one that can poll it.
        return new Fail(
            "no_provider_configured",
            "This worker cannot reach provider '" + p.provider + "'; the job is retried elsewhere.",
            true,
            false);
      }
      if (!run.polled.contains(p.attemptId)) {
        return new Poll(p);
      }
    }
    if (!cp.pending.stream().allMatch(p -> p.timedOut)) {
      return waitForProvider(cp, run, now);
    }
    if (run.routingFailure != null) {
      // The API found a route at submission: a worker without that provider's key may be alone.
      return new Fail(
          run.routingFailure.code(),
          run.routingFailure.getMessage(),
          "no_provider_configured".equals(run.routingFailure.code()),
          false);
    }
    Waits waits = new Waits();
    Kind lastFailure = null;
    for (Route route : run.routes) {
      Tried answer = run.tried.get(route.key());
      if (answer == null) {
        if (cp.tried.contains(route.key())
            || cp.pending.stream().anyMatch(p -> p.routeKey.equals(route.key()))
            || !run.reachable.contains(route.provider())) {
          continue;
        }
        boolean reserved = route.key().equals(cp.reservedRoute);
        if (reserved && now.isBefore(cp.reservedAt)) {
          waits.rateLimit(Duration.between(now, cp.reservedAt));
          break; // our place in the provider's queue: the token is ours then
        }
        return new Submit(route, reserved);
      }
      if (answer == Held.NO_CALL_SLOT) {
        waits.rateLimit(RETRY_SOON);
      } else if (answer == Held.NO_CAPACITY) {
        waits.capacity(settings.maxPollInterval());
      } else if (answer == Held.TOKEN_TOO_FAR) {
        waits.rateLimit(settings.maxPollInterval());
      } else if (answer instanceof TokenLater later) {
        waits.rateLimit(later.after());
        break;
      } else if (answer instanceof Failed failed) {
        lastFailure = failed.kind();
        if (failed.kind() == Kind.RATE_LIMITED) {
          // Busy, not broken: this route again after the wait it asked for.
          waits.rateLimit(
              failed.retryAfter() == null || failed.retryAfter().isZero()
                  ? RETRY_SOON
                  : failed.retryAfter());
        }
      } else if (answer instanceof Submitted) {
        break;
      }
    }
    if (cp.pending.isEmpty() && waits.earliest == null) {
      return new Fail(
          "providers_unavailable",
          "Every provider that can serve this request failed or is unavailable right now"
              + (lastFailure == null ? "" : " (last: " + lastFailure.code() + ")")
              + "; the job is retried while attempts remain.",
          true,
          false);
    }
    if (cp.pending.isEmpty()) {
      return new Wait(
          clamp(waits.earliest), waits.capacity ? WAITING_FOR_CAPACITY : WAITING_FOR_RATE_LIMIT);
    }
    return waitForProvider(cp, run, now);
  }

  /** Waits collected from the routes: the earliest wins. */
  private static final class Waits {
    Duration earliest;
    boolean capacity;

    void rateLimit(Duration wait) {
      if (earliest == null || wait.compareTo(earliest) < 0) {
        earliest = wait;
      }
    }

    void capacity(Duration wait) {
      capacity = true;
      rateLimit(wait);
    }
  }

  private Wait waitForProvider(GenerationCheckpoint cp, Run run, Instant now) {
    return new Wait(nextPoll(cp, run.usualTimes, now), WAITING_FOR_PROVIDER);
  }

  /**
   * The next poll. Before the first, when this process has seen the endpoint finish operations: at
   * 90 % of their usual time, so most are found done at the first poll (each poll is a run of the
   * job) and the estimate can drift down as well as up. Otherwise the provider's hint, else 1 s
   * (images) or 5 s (videos), growing 1.5x per poll, capped.
   */
  Duration nextPoll(
      GenerationCheckpoint cp, Function<String, Optional<Duration>> usualTimes, Instant now) {
    long best = Long.MAX_VALUE;
    for (GenerationCheckpoint.Pending p : cp.pending) {
      long base = p.hintMillis > 0 ? p.hintMillis : video ? 5_000 : 1_000;
      double grown = base * Math.pow(1.5, Math.max(0, p.polls - 1));
      if (p.polls == 0) {
        Optional<Duration> usual = usualTimes.apply(p.routeKey);
        if (usual.isPresent()) {
          long elapsed = Duration.between(p.submittedAt, now).toMillis();
          grown = Math.max(MIN_WAIT.toMillis(), usual.get().toMillis() * 0.9 - elapsed);
        }
      }
      best = Math.min(best, (long) Math.min(grown, settings.maxPollInterval().toMillis()));
    }
    return Duration.ofMillis(best == Long.MAX_VALUE ? 1_000 : best);
  }

  /** Whether an operation has now outlived the time one provider may take before failover. */
  boolean outlived(GenerationCheckpoint.Pending p, Instant now) {
    return !p.timedOut && now.isAfter(p.submittedAt.plus(attemptTimeout()));
  }

  Duration attemptTimeout() {
    return video ? settings.videoAttemptTimeout() : settings.imageAttemptTimeout();
  }

  /** What a failed poll means for its operation. */
  enum AfterPollFailure {
    /** The provider refused the request: the job fails, no failover. */
    REFUSED,
    /** The provider ran it and it failed: drop the operation, a mark against the endpoint. */
    DROP,
    /** The poll itself failed (429, 5xx, timeout): the operation may still finish. */
    KEEP_POLLING
  }

  static AfterPollFailure afterPollFailure(Kind kind) {
    if (!kind.failover()) {
      return AfterPollFailure.REFUSED;
    }
    return kind == Kind.GENERATION_FAILED ? AfterPollFailure.DROP : AfterPollFailure.KEEP_POLLING;
  }

  /**
   * What a failed submit means.
   *
   * @param outcome how the attempt is recorded
   * @param refused the job fails without failover
   * @param againstEndpoint a mark against the endpoint's health (a 429 is busy, not broken)
   * @param routeAgain the route may be tried again after the wait it asked for
   */
  record AfterSubmitFailure(
      Outcome outcome, boolean refused, boolean againstEndpoint, boolean routeAgain) {}

  static AfterSubmitFailure afterSubmitFailure(Kind kind) {
    if (!kind.failover()) {
      return new AfterSubmitFailure(Outcome.FAILED, true, false, false);
    }
    if (kind == Kind.RATE_LIMITED) {
      return new AfterSubmitFailure(Outcome.FAILED, false, false, true);
    }
    return new AfterSubmitFailure(
        kind == Kind.TIMEOUT ? Outcome.TIMED_OUT : Outcome.FAILED, false, true, false);
  }

  private Duration clamp(Duration wait) {
    Duration capped =
        wait.compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval() : wait;
    return capped.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : capped;
  }

  /** The tenant's words for a provider's refusal; the provider's own stay in the operators' log. */
  private static String refusal(Run run) {
    return switch (run.refusal.kind()) {
      case CONTENT_POLICY ->
          "The provider refused the prompt or its result under its content policy.";
      case UNAUTHORIZED ->
          "The pipeline's credentials for provider '"
              + run.refusedBy
              + "' were refused; operators must fix the configuration.";
      default ->
          "The provider refused the request as invalid (for example a size, duration or input"
              + " image it does not support).";
    };
  }
}
