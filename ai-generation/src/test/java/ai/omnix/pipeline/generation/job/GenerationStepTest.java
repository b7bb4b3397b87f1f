package ai.omnix.pipeline.generation.job;

import static ai.omnix.pipeline.generation.job.GenerationStep.WAITING_FOR_CAPACITY;
import static ai.omnix.pipeline.generation.job.GenerationStep.WAITING_FOR_PROVIDER;
import static ai.omnix.pipeline.generation.job.GenerationStep.WAITING_FOR_RATE_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.generation.catalog.CatalogModel;
import ai.omnix.pipeline.generation.job.GenerationStep.AfterPollFailure;
import ai.omnix.pipeline.generation.job.GenerationStep.AfterSubmitFailure;
import ai.omnix.pipeline.generation.job.GenerationStep.Attempt;
import ai.omnix.pipeline.generation.job.GenerationStep.Decision;
import ai.omnix.pipeline.generation.job.GenerationStep.Deliver;
import ai.omnix.pipeline.generation.job.GenerationStep.Fail;
import ai.omnix.pipeline.generation.job.GenerationStep.Failed;
import ai.omnix.pipeline.generation.job.GenerationStep.Held;
import ai.omnix.pipeline.generation.job.GenerationStep.Poll;
import ai.omnix.pipeline.generation.job.GenerationStep.Submit;
import ai.omnix.pipeline.generation.job.GenerationStep.TokenLater;
import ai.omnix.pipeline.generation.job.GenerationStep.Tried;
import ai.omnix.pipeline.generation.job.GenerationStep.Wait;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.generation.route.RoutingException;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generation step as a table: a situation (checkpoint, what this run learned, the time) and the
 * decision it must lead to. No I/O, no providers, no database.
 */
class GenerationStepTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final GenerationSettings SETTINGS = GenerationSettings.DEFAULT;
  private static final Duration MAX_POLL = SETTINGS.maxPollInterval();

  private static final Route CHEAP = route("p1", 5);
  private static final Route MIDDLE = route("p2", 8);
  private static final Route DEAR = route("p3", 20);
  private static final List<Route> ROUTES = List.of(CHEAP, MIDDLE, DEAR);
  private static final ProviderResponse.Completed PNG =
      new ProviderResponse.Completed(
          List.of(GeneratedMedia.inline("image/png", new byte[] {1})), null, null);

  private static Route route(String provider, long credits) {
    CatalogModel.Endpoint endpoint =
        new CatalogModel.Endpoint(provider, "img-v1", credits, List.of());
    CatalogModel model =
        new CatalogModel("img", "", Set.of(Capability.IMAGE), "image", 4, 0, List.of(endpoint));
    return new Route(model, endpoint, credits);
  }

  /** One row: the situation, built step by step, and the decision expected. */
  private static final class Situation {
    final GenerationCheckpoint cp = new GenerationCheckpoint();
    Instant runStarted = T0;
    Instant now = T0;
    Set<String> reachable = Set.of("p1", "p2", "p3");
    List<Route> routes = ROUTES;
    RoutingException routingFailure;
    final Map<String, Duration> usual = new LinkedHashMap<>();
    final List<Consumer<GenerationStep.Run>> learned = new ArrayList<>();

    Situation() {
      cp.startedAt = T0;
      cp.jobAttempt = 1;
    }

    GenerationCheckpoint.Pending operation(Route route, boolean timedOut) {
      GenerationCheckpoint.Pending p = new GenerationCheckpoint.Pending();
      p.attemptId = UUID.randomUUID();
      p.routeKey = route.key();
      p.provider = route.provider();
      p.providerModel = "img-v1";
      p.model = "img";
      p.operationId = "op-" + route.provider();
      p.credits = route.credits();
      p.submittedAt = T0;
      p.timedOut = timedOut;
      cp.pending.add(p);
      return p;
    }

    Situation live(Route route) {
      operation(route, false);
      return this;
    }

    Situation liveAndPolled(Route route, int polls, long hintMillis) {
      GenerationCheckpoint.Pending p = operation(route, false);
      p.polls = polls;
      p.hintMillis = hintMillis;
      learned.add(run -> run.polled(p));
      return this;
    }

    Situation timedOutAndPolled(Route route) {
      GenerationCheckpoint.Pending p = operation(route, true);
      p.polls = 3;
      learned.add(run -> run.polled(p));
      return this;
    }

    Situation tried(Route route, Tried answer) {
      learned.add(run -> run.tried(route, answer));
      return this;
    }

    Situation triedEarlierInThisAttempt(Route route) {
      cp.tried.add(route.key());
      return this;
    }

    Situation with(Consumer<Situation> change) {
      change.accept(this);
      return this;
    }

    Decision decide() {
      GenerationStep.Run run =
          new GenerationStep.Run(
              runStarted,
              reachable,
              routingFailure == null ? routes : null,
              routingFailure,
              key -> Optional.ofNullable(usual.get(key)));
      learned.forEach(l -> l.accept(run));
      return new GenerationStep(SETTINGS, false).decide(cp, run, now);
    }
  }

  private static Situation aJob() {
    return new Situation();
  }

  private static Arguments row(String name, Situation situation, Decision expected) {
    return Arguments.of(Named.of(name, situation), expected);
  }

  private static Attempt attempt() {
    return new Attempt(UUID.nameUUIDFromBytes(new byte[] {1}), CHEAP.key(), "p1", "img", 5);
  }

  static Stream<Arguments> table() {
    Attempt attempt = attempt();
    return Stream.of(
        row(
            "a result in hand is delivered, even past the job's time",
            aJob()
                .with(s -> s.runStarted = T0.plus(Duration.ofHours(1)))
                .with(s -> s.learned.add(run -> run.delivered(attempt, PNG))),
            new Deliver(attempt, PNG)),
        row(
            "a job past its time fails for good and ends what is in flight",
            aJob().live(CHEAP).with(s -> s.runStarted = T0.plus(Duration.ofMinutes(11))),
            new Fail(
                "generation_timeout", "No provider delivered within 10 minutes.", false, true)),
        row(
            "a provider's refusal fails for good, no failover",
            aJob()
                .with(
                    s ->
                        s.learned.add(
                            run ->
                                run.refused(
                                    new ProviderException(Kind.CONTENT_POLICY, 400, "nope"),
                                    "p1"))),
            new Fail(
                "content_policy_violation",
                "The provider refused the prompt or its result under its content policy.",
                false,
                true)),
        row(
            "an operation in flight is polled once a run",
            aJob().live(CHEAP),
            null), // Poll of that operation, checked below
        row(
            "an operation this worker cannot reach is left for a worker that can",
            aJob().live(CHEAP).with(s -> s.reachable = Set.of("p2", "p3")),
            new Fail(
                "no_provider_configured",
                "This worker cannot reach provider 'p1'; the job is retried elsewhere.",
                true,
                false)),
        row(
            "a live operation, polled: wait for the next poll (the provider's hint, grown 1.5x)",
            aJob().liveAndPolled(CHEAP, 2, 2_000),
            new Wait(Duration.ofMillis(3_000), WAITING_FOR_PROVIDER)),
        row("nothing in flight: the cheapest route", aJob(), new Submit(CHEAP, false)),
        row(
            "an open circuit is skipped",
            aJob().tried(CHEAP, Held.CIRCUIT_OPEN),
            new Submit(MIDDLE, false)),
        row(
            "a route tried earlier in this attempt is not tried again",
            aJob().triedEarlierInThisAttempt(CHEAP),
            new Submit(MIDDLE, false)),
        row(
            "a route whose provider this worker lacks is skipped",
            aJob().with(s -> s.reachable = Set.of("p3")),
            new Submit(DEAR, false)),
        row(
            "no token within the longest wait: a dearer route may have one",
            aJob().tried(CHEAP, Held.TOKEN_TOO_FAR),
            new Submit(MIDDLE, false)),
        row(
            "a token reserved for later: come back then, dearer routes untouched",
            aJob().tried(CHEAP, new TokenLater(Duration.ofSeconds(3))),
            new Wait(Duration.ofSeconds(3), WAITING_FOR_RATE_LIMIT)),
        row(
            "a reservation not yet due: wait for it without asking anyone",
            aJob()
                .with(
                    s -> {
                      s.cp.reservedRoute = CHEAP.key();
                      s.cp.reservedAt = T0.plusSeconds(2);
                    }),
            new Wait(Duration.ofSeconds(2), WAITING_FOR_RATE_LIMIT)),
        row(
            "a reservation that is due: submit with the token already ours",
            aJob()
                .with(
                    s -> {
                      s.cp.reservedRoute = MIDDLE.key();
                      s.cp.reservedAt = T0;
                    })
                .tried(CHEAP, Held.CIRCUIT_OPEN),
            new Submit(MIDDLE, true)),
        row(
            "every route failed: retryable, with the last failure named",
            aJob()
                .tried(CHEAP, new Failed(Kind.UNAVAILABLE, null))
                .tried(MIDDLE, new Failed(Kind.MALFORMED_RESPONSE, null))
                .tried(DEAR, new Failed(Kind.TIMEOUT, null)),
            new Fail(
                "providers_unavailable",
                "Every provider that can serve this request failed or is unavailable right now"
                    + " (last: provider_timeout); the job is retried while attempts remain.",
                true,
                false)),
        row(
            "every circuit open: nothing to wait for",
            aJob()
                .tried(CHEAP, Held.CIRCUIT_OPEN)
                .tried(MIDDLE, Held.CIRCUIT_OPEN)
                .tried(DEAR, Held.CIRCUIT_OPEN),
            new Fail(
                "providers_unavailable",
                "Every provider that can serve this request failed or is unavailable right now;"
                    + " the job is retried while attempts remain.",
                true,
                false)),
        row(
            "a 429 among failures: wait as the provider asked, the earliest wait wins",
            aJob()
                .tried(CHEAP, new Failed(Kind.RATE_LIMITED, Duration.ofSeconds(7)))
                .tried(MIDDLE, Held.TOKEN_TOO_FAR)
                .tried(DEAR, new Failed(Kind.UNAVAILABLE, null)),
            new Wait(Duration.ofSeconds(7), WAITING_FOR_RATE_LIMIT)),
        row(
            "a 429 without Retry-After: try again in a second",
            aJob()
                .with(s -> s.routes = List.of(CHEAP))
                .tried(CHEAP, new Failed(Kind.RATE_LIMITED, null)),
            new Wait(Duration.ofSeconds(1), WAITING_FOR_RATE_LIMIT)),
        row(
            "a provider at its capacity: wait to be woken, at most the longest poll",
            aJob().with(s -> s.routes = List.of(CHEAP)).tried(CHEAP, Held.NO_CAPACITY),
            new Wait(MAX_POLL, WAITING_FOR_CAPACITY)),
        row(
            "this worker's call slots are busy: again in a second",
            aJob().with(s -> s.routes = List.of(CHEAP)).tried(CHEAP, Held.NO_CALL_SLOT),
            new Wait(Duration.ofSeconds(1), WAITING_FOR_RATE_LIMIT)),
        row(
            "a wait shorter than 200 ms is stretched to 200 ms",
            aJob()
                .with(s -> s.routes = List.of(CHEAP))
                .tried(CHEAP, new Failed(Kind.RATE_LIMITED, Duration.ofMillis(50))),
            new Wait(GenerationStep.MIN_WAIT, WAITING_FOR_RATE_LIMIT)),
        row(
            "a wait longer than the longest poll is cut to it",
            aJob()
                .with(s -> s.routes = List.of(CHEAP))
                .tried(CHEAP, new Failed(Kind.RATE_LIMITED, Duration.ofHours(1))),
            new Wait(MAX_POLL, WAITING_FOR_RATE_LIMIT)),
        row(
            "an operation past its attempt timeout lets the next route be tried",
            aJob().timedOutAndPolled(CHEAP),
            new Submit(MIDDLE, false)),
        row(
            "a timed-out operation still counts: no route left is a wait for it, not a failure",
            aJob()
                .timedOutAndPolled(CHEAP)
                .tried(MIDDLE, new Failed(Kind.UNAVAILABLE, null))
                .tried(DEAR, new Failed(Kind.UNAVAILABLE, null)),
            new Wait(Duration.ofMillis(2_250), WAITING_FOR_PROVIDER)),
        row(
            "no route here for a worker without the key: retryable elsewhere",
            aJob()
                .with(
                    s ->
                        s.routingFailure =
                            new RoutingException(
                                "no_provider_configured", "params.model", "no provider here")),
            new Fail("no_provider_configured", "no provider here", true, false)),
        row(
            "no route for the request at all: final",
            aJob()
                .with(
                    s ->
                        s.routingFailure =
                            new RoutingException("over_budget", "params.max_credits", "too dear")),
            new Fail("over_budget", "too dear", false, false)),
        row(
            "once the endpoint's usual time is known, the first poll comes at 90 % of it",
            aJob()
                .liveAndPolled(CHEAP, 0, 1_000)
                .with(s -> s.usual.put(CHEAP.key(), Duration.ofSeconds(10)))
                .with(s -> s.now = T0.plusSeconds(2)),
            new Wait(Duration.ofSeconds(7), WAITING_FOR_PROVIDER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decidesWhatTheJobDoesNext(Situation situation, Decision expected) {
    Decision decision = situation.decide();

    if (expected == null) {
      assertThat(decision).isEqualTo(new Poll(situation.cp.pending.get(0)));
    } else {
      assertThat(decision).isEqualTo(expected);
    }
  }

  @Test
  void aRetryOfTheJobTriesEveryRouteAgainButKeepsItsClock() {
    GenerationCheckpoint cp = new GenerationCheckpoint();
    GenerationStep.begin(cp, 1, T0);
    cp.tried.add(CHEAP.key());

    GenerationStep.begin(cp, 1, T0.plusSeconds(30));
    assertThat(cp.tried).containsExactly(CHEAP.key());
    GenerationStep.begin(cp, 2, T0.plusSeconds(60));

    assertThat(cp.tried).isEmpty();
    assertThat(cp.startedAt).isEqualTo(T0);
    assertThat(cp.jobAttempt).isEqualTo(2);
  }

  @ParameterizedTest(name = "a failed poll ({0}) → {1}")
  @CsvSource({
    "INVALID_REQUEST, REFUSED",
    "UNAUTHORIZED, REFUSED",
    "CONTENT_POLICY, REFUSED",
    "GENERATION_FAILED, DROP",
    "RATE_LIMITED, KEEP_POLLING",
    "UNAVAILABLE, KEEP_POLLING",
    "TIMEOUT, KEEP_POLLING",
    "MALFORMED_RESPONSE, KEEP_POLLING"
  })
  void aFailedPollDropsOnlyWhatTheProviderRanAndFailed(Kind kind, AfterPollFailure expected) {
    assertThat(GenerationStep.afterPollFailure(kind)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "a failed submit ({0}) → {1}, refused {2}, against the endpoint {3}")
  @CsvSource({
    "INVALID_REQUEST, FAILED, true, false, false",
    "UNAUTHORIZED, FAILED, true, false, false",
    "CONTENT_POLICY, FAILED, true, false, false",
    "RATE_LIMITED, FAILED, false, false, true",
    "UNAVAILABLE, FAILED, false, true, false",
    "MALFORMED_RESPONSE, FAILED, false, true, false",
    "GENERATION_FAILED, FAILED, false, true, false",
    "TIMEOUT, TIMED_OUT, false, true, false"
  })
  void aFailedSubmitIsRecordedAndCountedAsItsKindSays(
      Kind kind, Outcome outcome, boolean refused, boolean againstEndpoint, boolean routeAgain) {
    assertThat(GenerationStep.afterSubmitFailure(kind))
        .isEqualTo(new AfterSubmitFailure(outcome, refused, againstEndpoint, routeAgain));
  }

  @Test
  void anOperationOutlivesItsAttemptTimeoutOnce() {
    GenerationStep step = new GenerationStep(SETTINGS, false);
    GenerationCheckpoint.Pending p = new GenerationCheckpoint.Pending();
    p.submittedAt = T0;

    assertThat(step.outlived(p, T0.plus(SETTINGS.imageAttemptTimeout()))).isFalse();
    assertThat(step.outlived(p, T0.plus(SETTINGS.imageAttemptTimeout()).plusMillis(1))).isTrue();
    p.timedOut = true;
    assertThat(step.outlived(p, T0.plus(Duration.ofHours(1)))).isFalse();
  }
}
