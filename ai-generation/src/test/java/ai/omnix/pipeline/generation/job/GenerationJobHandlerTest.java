package ai.omnix.pipeline.generation.job;

import static ai.omnix.pipeline.generation.job.ScriptedProvider.fails;
import static ai.omnix.pipeline.generation.job.ScriptedProvider.mp4;
import static ai.omnix.pipeline.generation.job.ScriptedProvider.pending;
import static ai.omnix.pipeline.generation.job.ScriptedProvider.png;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobSuspendedException;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.generation.catalog.CatalogModel;
import ai.omnix.pipeline.generation.catalog.CatalogModel.Endpoint;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import ai.omnix.pipeline.providers.guard.ProviderLimits;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import ai.omnix.pipeline.testkit.provider.InMemoryProviderAttemptLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GenerationJobHandlerTest {
  private static final ModelCatalog CATALOG =
      new ModelCatalog(
          List.of(
              new CatalogModel(
                  "img",
                  "",
                  Set.of(Capability.IMAGE),
                  "image",
                  4,
                  0,
                  List.of(
                      new Endpoint("p1", "img-v1", 5, List.of("us")),
                      new Endpoint("p2", "img-v1", 8, List.of("eu")),
                      new Endpoint("p3", "img-v1", 20, List.of("us")))),
              new CatalogModel(
                  "solo",
                  "",
                  Set.of(Capability.IMAGE),
                  "image",
                  1,
                  0,
                  List.of(new Endpoint("p1", "solo-v1", 50, List.of("us")))),
              new CatalogModel(
                  "vid",
                  "",
                  Set.of(Capability.VIDEO),
                  "second",
                  1,
                  10,
                  List.of(
                      new Endpoint("p1", "vid-v1", 10, List.of("us")),
                      new Endpoint("p2", "vid-v1", 12, List.of("us"))))));

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final InMemoryProviderAttemptLog attempts = new InMemoryProviderAttemptLog(clock);
  private final ScriptedProvider p1 = new ScriptedProvider("p1");
  private final ScriptedProvider p2 = new ScriptedProvider("p2");
  private final ScriptedProvider p3 = new ScriptedProvider("p3");
  private final Map<String, ProviderLimits> limits = new HashMap<>();
  private ProviderGuards guards = guards(ProviderGuards.CircuitSettings.DEFAULT);

  private ProviderGuards guards(ProviderGuards.CircuitSettings circuit) {
    return new ProviderGuards(limits, circuit, clock);
  }

  private GenerationJobHandler handler(String type) {
    return handler(type, attempts);
  }

  private GenerationJobHandler handler(String type, ProviderAttemptLog log) {
    Map<String, GenerationProvider> providers = Map.of("p1", p1, "p2", p2, "p3", p3);
    return new GenerationJobHandler(
        type,
        new ModelRouter(CATALOG, providers.keySet()),
        GenerationProviders.of(providers),
        guards,
        log,
        GenerationSettings.DEFAULT,
        clock);
  }

  private TempDirJobExecution job(String type, Map<String, Object> params) throws Exception {
    return new TempDirJobExecution(
        type, null, params, new TempDirJobAssets(Files.createTempDirectory(dir, "j")));
  }

  private TempDirJobExecution imageJob(Map<String, Object> extra) throws Exception {
    Map<String, Object> params = new HashMap<>(Map.of("prompt", "a lighthouse at dusk"));
    params.putAll(extra);
    return job(GenerationJobType.IMAGE, params);
  }

  private static Map<String, TempDirJobAssets.Written> outputs(TempDirJobExecution job) {
    return ((TempDirJobAssets) job.assets()).outputs();
  }

  private List<Outcome> outcomes(TempDirJobExecution job) {
    return attempts.forJob(job.jobId()).stream().map(ProviderAttempt::outcome).toList();
  }

  /**
   * Runs the job as the runner would: again after each suspension, with the clock moved to the
   * resume time.
   */
  private JobResult runToEnd(
      GenerationJobHandler handler, TempDirJobExecution job, Runnable betweenRuns)
      throws Exception {
    for (int run = 0; run < 500; run++) {
      try {
        return handler.handle(job);
      } catch (JobSuspendedException suspended) {
        clock.advance(suspended.resumeAfter());
        betweenRuns.run();
      }
    }
    throw new AssertionError("the job never finished");
  }

  @Test
  void takesTheCheapestRouteAndBillsItsCatalogPrice() throws Exception {
    p1.onSubmit(png());
    TempDirJobExecution job = imageJob(Map.of());

    JobResult result = handler(GenerationJobType.IMAGE).handle(job);

    assertThat(result.creditsUsed()).isEqualTo(5);
    assertThat(result.summary()).containsEntry("model", "img").containsEntry("provider", "p1");
    assertThat(outputs(job)).containsOnlyKeys("image-1.png");
    byte[] stored = Files.readAllBytes(outputs(job).get("image-1.png").file());
    assertThat(Arrays.copyOf(stored, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(attempts.forJob(job.jobId()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
              assertThat(a.billed()).isTrue();
              assertThat(a.provider()).isEqualTo("p1");
            });
    assertThat(p2.submitCalls).hasValue(0);
  }

  @Test
  void failsOverOnRateLimitsServerErrorsAndTimeoutsInPriceOrder() throws Exception {
    p1.onSubmit(fails(Kind.RATE_LIMITED));
    p2.onSubmit(fails(Kind.UNAVAILABLE));
    p3.onSubmit(png());
    TempDirJobExecution job = imageJob(Map.of());

    JobResult result = handler(GenerationJobType.IMAGE).handle(job);

    assertThat(result.creditsUsed()).isEqualTo(20);
    assertThat(attempts.forJob(job.jobId()))
        .extracting(ProviderAttempt::provider, ProviderAttempt::outcome, ProviderAttempt::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p1", Outcome.FAILED, "provider_rate_limited"),
            org.assertj.core.groups.Tuple.tuple("p2", Outcome.FAILED, "provider_unavailable"),
            org.assertj.core.groups.Tuple.tuple("p3", Outcome.SUCCEEDED, null));
  }

  @Test
  void aTimeoutIsRecordedAsSuchAndFailsOver() throws Exception {
    p1.onSubmit(fails(Kind.TIMEOUT));
    p2.onSubmit(png());
    TempDirJobExecution job = imageJob(Map.of());

    handler(GenerationJobType.IMAGE).handle(job);

    assertThat(outcomes(job)).containsExactly(Outcome.TIMED_OUT, Outcome.SUCCEEDED);
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"INVALID_REQUEST", "UNAUTHORIZED", "CONTENT_POLICY"})
  void doesNotFailOverWhenAnotherProviderWouldRefuseToo(Kind kind) throws Exception {
    p1.onSubmit(fails(kind));
    TempDirJobExecution job = imageJob(Map.of());

    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class, () -> handler(GenerationJobType.IMAGE).handle(job));

    assertThat(e.code()).isEqualTo(kind.code());
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain("scripted");
    assertThat(p2.submitCalls).hasValue(0);
    assertThat(attempts.forJob(job.jobId()))
        .singleElement()
        .extracting(ProviderAttempt::billed)
        .isEqualTo(false);
  }

  @Test
  void anOpenCircuitIsSkippedAndAHalfOpenProbeClosesItAgain() throws Exception {
    guards = guards(new ProviderGuards.CircuitSettings(4, 2, 50, Duration.ofSeconds(30), 1));
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    p1.onSubmit(fails(Kind.UNAVAILABLE), fails(Kind.UNAVAILABLE), png());
    p2.onSubmit(png());
    handler.handle(imageJob(Map.of()));
    handler.handle(imageJob(Map.of()));
    assertThat(p1.submitCalls).hasValue(2);
    assertThat(guards.circuitStates()).containsEntry("p1/img-v1", "open");

    handler.handle(imageJob(Map.of()));
    assertThat(p1.submitCalls).as("an open circuit is not called").hasValue(2);

    clock.advance(Duration.ofSeconds(31));
    TempDirJobExecution probe = imageJob(Map.of());
    handler.handle(probe);
    // the half-open probe succeeds and closes the circuit
    assertThat(p1.submitCalls).hasValue(3);
    assertThat(attempts.forJob(probe.jobId()))
        .extracting(ProviderAttempt::provider)
        .containsExactly("p1");
    assertThat(guards.circuitStates()).containsEntry("p1/img-v1", "closed");
  }

  @Test
  void aStoreFailureBeforeTheCallGivesTheHalfOpenProbeBack() throws Exception {
    guards = guards(new ProviderGuards.CircuitSettings(2, 1, 50, Duration.ofSeconds(30), 1));
    p1.onSubmit(fails(Kind.UNAVAILABLE), png());
    assertThatThrownBy(
            () -> handler(GenerationJobType.IMAGE).handle(imageJob(Map.of("model", "solo"))))
        .isInstanceOf(JobFailedException.class);
    assertThat(guards.circuitStates()).containsEntry("p1/solo-v1", "open");
    clock.advance(Duration.ofSeconds(31));
    ProviderAttemptLog broken =
        (ProviderAttemptLog)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ProviderAttemptLog.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("start")) {
                    throw new IllegalStateException("database unavailable");
                  }
                  return method.invoke(attempts, args);
                });

    assertThatThrownBy(
            () ->
                handler(GenerationJobType.IMAGE, broken).handle(imageJob(Map.of("model", "solo"))))
        .hasMessageContaining("database unavailable");
    JobResult probe = handler(GenerationJobType.IMAGE).handle(imageJob(Map.of("model", "solo")));

    assertThat(probe.creditsUsed()).as("the one half-open probe was still there").isEqualTo(50);
    assertThat(guards.circuitStates()).containsEntry("p1/solo-v1", "closed");
  }

  @Test
  void aLongRunningGenerationGivesBackItsThreadUntilThePollFindsItDone() throws Exception {
    p1.onSubmit(pending("op-1")).onPoll("op-1", pending("op-1"), mp4());
    TempDirJobExecution job =
        job(GenerationJobType.VIDEO, Map.of("prompt", "waves", "duration_s", 4));
    GenerationJobHandler handler = handler(GenerationJobType.VIDEO);

    JobSuspendedException first =
        catchThrowableOfType(JobSuspendedException.class, () -> handler.handle(job));
    assertThat(first.reason()).isEqualTo("waiting_for_provider");
    assertThat(first.resumeAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(attempts.forJob(job.jobId()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.PENDING);
              assertThat(a.requestId()).isEqualTo("op-1");
            });

    JobResult result = runToEnd(handler, job, () -> {});

    assertThat(p1.submitCalls).as("polled, never submitted twice").hasValue(1);
    assertThat(p1.pollCalls).hasValue(2);
    assertThat(result.creditsUsed()).isEqualTo(40);
    assertThat(outputs(job)).containsOnlyKeys("video.mp4");
    assertThat(outputs(job).get("video.mp4").asset().contentType()).isEqualTo("video/mp4");
  }

  @Test
  void aTimedOutOperationFailsOverAndItsLateResultIsDiscardedSoTheTenantPaysOnce()
      throws Exception {
    p1.onSubmit(pending("slow"))
        .onPoll("slow", pending("slow"), pending("slow"), pending("slow"), mp4());
    p2.onSubmit(pending("fast")).onPoll("fast", pending("fast"), mp4());
    TempDirJobExecution job =
        job(GenerationJobType.VIDEO, Map.of("prompt", "waves", "duration_s", 2));
    GenerationJobHandler handler = handler(GenerationJobType.VIDEO);
    assertThatThrownBy(() -> handler.handle(job)).isInstanceOf(JobSuspendedException.class);

    clock.advance(GenerationSettings.DEFAULT.videoAttemptTimeout().plusSeconds(1));
    // p1's operation finishes only after p2's was adopted: at the last look before it is abandoned
    JobResult result = runToEnd(handler, job, () -> {});

    assertThat(result.creditsUsed()).isEqualTo(24);
    assertThat(attempts.forJob(job.jobId()))
        .extracting(ProviderAttempt::provider, ProviderAttempt::outcome, ProviderAttempt::billed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p1", Outcome.DISCARDED, false),
            org.assertj.core.groups.Tuple.tuple("p2", Outcome.SUCCEEDED, true));
    assertThat(attempts.forJob(job.jobId()).get(0).costCredits())
        .as("what the discarded result cost us")
        .isEqualTo(20);
    assertThat(p1.canceled).as("it had delivered: nothing to stop").isEmpty();
  }

  @Test
  void aTimedOutOperationThatDeliversFirstIsAdoptedAndTheOtherAbandoned() throws Exception {
    p1.onSubmit(pending("slow"));
    p2.onSubmit(pending("other"));
    TempDirJobExecution job =
        job(GenerationJobType.VIDEO, Map.of("prompt", "waves", "duration_s", 2));
    GenerationJobHandler handler = handler(GenerationJobType.VIDEO);
    assertThatThrownBy(() -> handler.handle(job)).isInstanceOf(JobSuspendedException.class);
    clock.advance(GenerationSettings.DEFAULT.videoAttemptTimeout().plusSeconds(1));
    assertThatThrownBy(() -> handler.handle(job)).isInstanceOf(JobSuspendedException.class);
    assertThat(p2.submitCalls).as("failed over to p2").hasValue(1);

    p1.onPoll("slow", mp4());
    JobResult result = runToEnd(handler, job, () -> {});

    assertThat(result.creditsUsed()).isEqualTo(20);
    assertThat(outcomes(job)).containsExactly(Outcome.SUCCEEDED, Outcome.ABANDONED);
    assertThat(p2.canceled)
        .as("the abandoned operation is stopped at the provider")
        .containsExactly("other");
    assertThat(p1.canceled).isEmpty();
  }

  @Test
  void aRunAfterTheResultWasAdoptedDeliversItAgainWithoutBillingOrCallingTwice() throws Exception {
    p1.onSubmit(png());
    TempDirJobExecution job = imageJob(Map.of());
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    JobResult first = handler.handle(job);

    JobResult rerun =
        handler.handle(job); // as after a worker died between billing and marking the job done

    assertThat(rerun).isEqualTo(first);
    assertThat(p1.submitCalls).hasValue(1);
    assertThat(attempts.forJob(job.jobId())).filteredOn(ProviderAttempt::billed).hasSize(1);
  }

  @Test
  void aProviderAtItsConcurrencyLimitMakesTheJobWaitForASlotThatTheProvidersNextResultFrees()
      throws Exception {
    limits.put("p1", new ProviderLimits(1000, 1000, 4, 1));
    guards = guards(ProviderGuards.CircuitSettings.DEFAULT);
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    p1.onSubmit(pending("op-1"), png());
    TempDirJobExecution first = imageJob(Map.of("model", "solo"));
    TempDirJobExecution second = imageJob(Map.of("model", "solo"));
    assertThatThrownBy(() -> handler.handle(first)).isInstanceOf(JobSuspendedException.class);

    JobSuspendedException waiting =
        catchThrowableOfType(JobSuspendedException.class, () -> handler.handle(second));

    assertThat(waiting.reason()).isEqualTo("waiting_for_capacity");
    assertThat(p1.submitCalls).as("the provider was not called over its limit").hasValue(1);
    assertThat(attempts.forJob(second.jobId())).isEmpty();

    p1.onPoll("op-1", png());
    handler.handle(first);
    assertThat(attempts.woken())
        .as("the finished operation woke the waiter")
        .containsExactly(second.jobId());

    handler.handle(second);
    assertThat(p1.submitCalls).hasValue(2);
    assertThat(outcomes(second)).containsExactly(Outcome.SUCCEEDED);
  }

  @Test
  void aJobThatFindsTheProviderFullSpendsNoRateLimitToken() throws Exception {
    limits.put("p1", new ProviderLimits(1, 2, 4, 1));
    guards = guards(ProviderGuards.CircuitSettings.DEFAULT);
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    p1.onSubmit(pending("op-1"));
    assertThatThrownBy(() -> handler.handle(imageJob(Map.of("model", "solo"))))
        .isInstanceOf(JobSuspendedException.class);

    JobSuspendedException waiting =
        catchThrowableOfType(
            JobSuspendedException.class, () -> handler.handle(imageJob(Map.of("model", "solo"))));

    assertThat(waiting.reason()).isEqualTo("waiting_for_capacity");
    assertThat(guards.reserveSubmit("p1", Duration.ofMillis(1)))
        .as("the second of two tokens is still there")
        .contains(Duration.ZERO);
  }

  @Test
  void aJobThatFindsThisWorkersCallSlotsBusySpendsNoRateLimitToken() throws Exception {
    limits.put("p1", new ProviderLimits(1, 1, 1));
    guards = guards(ProviderGuards.CircuitSettings.DEFAULT);
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    assertThat(guards.tryEnterCall("p1")).as("another call holds the only slot").isTrue();

    JobSuspendedException waiting =
        catchThrowableOfType(
            JobSuspendedException.class, () -> handler.handle(imageJob(Map.of("model", "solo"))));

    assertThat(waiting.reason()).isEqualTo("waiting_for_rate_limit");
    assertThat(p1.submitCalls).hasValue(0);
    assertThat(guards.reserveSubmit("p1", Duration.ofMillis(1)))
        .as("the only token is still there")
        .contains(Duration.ZERO);
  }

  @Test
  void aProviderOutOfTokensMakesTheJobWaitInsteadOfCallingIt() throws Exception {
    limits.put("p1", new ProviderLimits(0.5, 1, 4));
    guards = guards(ProviderGuards.CircuitSettings.DEFAULT);
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    p1.onSubmit(png());
    handler.handle(imageJob(Map.of("model", "solo")));

    JobSuspendedException e =
        catchThrowableOfType(
            JobSuspendedException.class, () -> handler.handle(imageJob(Map.of("model", "solo"))));

    assertThat(e.reason()).isEqualTo("waiting_for_rate_limit");
    assertThat(e.resumeAfter()).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(2));
    assertThat(p1.submitCalls).hasValue(1);
  }

  @Test
  void whenEveryRouteFailsTheJobFailsRetryably() throws Exception {
    Stream.of(p1, p2, p3).forEach(p -> p.onSubmit(fails(Kind.UNAVAILABLE)));
    TempDirJobExecution job = imageJob(Map.of());

    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class, () -> handler(GenerationJobType.IMAGE).handle(job));

    assertThat(e.code()).isEqualTo("providers_unavailable");
    assertThat(e.retryable()).isTrue();
    // img on p1, p2, p3, then the dearer model solo on p1
    assertThat(attempts.forJob(job.jobId()))
        .extracting(ProviderAttempt::model, ProviderAttempt::provider)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("img", "p1"),
            org.assertj.core.groups.Tuple.tuple("img", "p2"),
            org.assertj.core.groups.Tuple.tuple("img", "p3"),
            org.assertj.core.groups.Tuple.tuple("solo", "p1"));
    assertThat(outcomes(job)).containsOnly(Outcome.FAILED);
  }

  @Test
  void aBudgetLeavesOutDearerRoutes() throws Exception {
    p1.onSubmit(fails(Kind.UNAVAILABLE));
    p2.onSubmit(fails(Kind.UNAVAILABLE));
    TempDirJobExecution job = imageJob(Map.of("max_credits", 8));

    assertThatThrownBy(() -> handler(GenerationJobType.IMAGE).handle(job))
        .isInstanceOf(JobFailedException.class);

    assertThat(p3.submitCalls).as("20 credits is over the budget of 8").hasValue(0);
  }

  @Test
  void aJobThatWaitsTooLongFailsAndAbandonsItsOperations() throws Exception {
    p1.onSubmit(pending("forever"));
    p2.onSubmit(pending("forever-2"));
    TempDirJobExecution job = job(GenerationJobType.VIDEO, Map.of("prompt", "waves"));
    GenerationJobHandler handler = handler(GenerationJobType.VIDEO);

    JobFailedException e =
        catchThrowableOfType(JobFailedException.class, () -> runToEnd(handler, job, () -> {}));

    assertThat(e.code()).isEqualTo("generation_timeout");
    assertThat(outcomes(job)).containsExactly(Outcome.ABANDONED, Outcome.ABANDONED);
    assertThat(attempts.forJob(job.jobId())).noneMatch(ProviderAttempt::billed);
  }

  @Test
  void aProviderAnswering429IsWaitedForAsItAsksAndNotCountedAgainstItsHealth() throws Exception {
    guards = guards(new ProviderGuards.CircuitSettings(2, 1, 50, Duration.ofSeconds(30), 1));
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    p1.onSubmit(ScriptedProvider.rateLimited(Duration.ofSeconds(7)), png());
    TempDirJobExecution job = imageJob(Map.of("model", "solo"));

    JobSuspendedException wait =
        catchThrowableOfType(JobSuspendedException.class, () -> handler.handle(job));
    assertThat(wait.reason()).isEqualTo("waiting_for_rate_limit");
    assertThat(wait.resumeAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(guards.circuitStates()).containsEntry("p1/solo-v1", "closed");

    clock.advance(wait.resumeAfter());
    JobResult result = handler.handle(job);

    assertThat(result.creditsUsed()).isEqualTo(50);
    assertThat(attempts.forJob(job.jobId()))
        .extracting(ProviderAttempt::outcome, ProviderAttempt::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.FAILED, "provider_rate_limited"),
            org.assertj.core.groups.Tuple.tuple(Outcome.SUCCEEDED, null));
  }

  @Test
  void onceAnEndpointsUsualTimeIsKnownTheFirstPollComesJustBeforeIt() throws Exception {
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    p1.onSubmit(pending("first"), pending("second")).onPoll("first", png());
    TempDirJobExecution first = imageJob(Map.of("model", "solo"));
    JobSuspendedException before =
        catchThrowableOfType(JobSuspendedException.class, () -> handler.handle(first));
    assertThat(before.resumeAfter())
        .as("nothing known yet: the default first poll")
        .isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(3));
    handler.handle(first);

    JobSuspendedException next =
        catchThrowableOfType(
            JobSuspendedException.class, () -> handler.handle(imageJob(Map.of("model", "solo"))));

    assertThat(next.resumeAfter()).isEqualTo(Duration.ofMillis(2_700));
  }

  @Test
  void aBlipWhileAnOperationIsLiveIsPolledAgainNotCountedAsAFailedAttempt() throws Exception {
    p1.onSubmit(pending("op"))
        .onPoll(
            "op",
            () -> {
              throw new IllegalStateException("storage hiccup");
            },
            png());
    TempDirJobExecution job = imageJob(Map.of("model", "solo"));
    GenerationJobHandler handler = handler(GenerationJobType.IMAGE);
    assertThatThrownBy(() -> handler.handle(job)).isInstanceOf(JobSuspendedException.class);
    clock.advance(Duration.ofSeconds(1));

    JobSuspendedException again =
        catchThrowableOfType(JobSuspendedException.class, () -> handler.handle(job));
    assertThat(again.reason()).isEqualTo("waiting_for_provider");
    clock.advance(again.resumeAfter());
    JobResult result = handler.handle(job);

    assertThat(result.creditsUsed()).isEqualTo(50);
    assertThat(p1.submitCalls).as("never submitted again").hasValue(1);
  }
}
