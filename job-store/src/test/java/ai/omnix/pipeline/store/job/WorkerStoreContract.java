package ai.omnix.pipeline.store.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.DispatchStore.Candidate;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the worker-side store ports ({@link DispatchStore}, {@link
 * RunStore}, {@link RecoveryStore}, fed through {@link JobSubmissions}) must do: {@code
 * JdbcWorkerStoreIT} runs it on PostgreSQL, {@code InMemoryWorkerStoreTest} in memory, so the
 * dispatcher's, runner's and sweeper's unit tests on the in-memory store say something true about
 * production. A store may hold other tests' jobs: every assertion looks at this test's tenants
 * only.
 */
public abstract class WorkerStoreContract {

  /** The ports under test, over one store, with the clock it reads. */
  protected interface Stores {
    JobSubmissions submissions();

    DispatchStore dispatch();

    RunStore runs();

    RecoveryStore recovery();

    Optional<JobRecord> find(JobId id);

    Tenant aTenant(Plan plan);

    SettableClock clock();

    /** Every job ended so far, as the end hooks saw it. */
    List<EndedJob> ended();
  }

  protected abstract Stores stores();

  private Stores s;

  @BeforeEach
  void moveOnFromEarlierTests() {
    s = stores();
    // Past every wait an earlier test on the same store left behind.
    s.clock().advance(Duration.ofDays(1));
  }

  private JobRecord queued(Tenant tenant, QueueClass queueClass, int priority) {
    JobSubmission submission =
        new JobSubmission("noop", JobInput.none(), Map.of("n", 1), null, Map.of(), priority);
    NewJob job = new NewJob(JobId.random(), tenant, submission, queueClass, 2, 1, null, null);
    return s.submissions().insert(job).job();
  }

  private JobRecord queued(Tenant tenant) {
    return queued(tenant, QueueClass.LIGHT, 0);
  }

  private UUID dispatched(JobRecord job) {
    UUID run = UUID.randomUUID();
    assertThat(s.dispatch().markDispatched(job.id(), run)).isTrue();
    return run;
  }

  private UUID claimed(JobRecord job) {
    UUID run = dispatched(job);
    assertThat(s.runs().claim(job.id(), run, "w1", UUID.randomUUID())).isPresent();
    return run;
  }

  private JobRecord now(JobRecord job) {
    return s.find(job.id()).orElseThrow();
  }

  private List<JobId> candidatesOf(Set<Tenant> tenants, Map<Integer, Integer> lookahead) {
    Set<String> ids =
        tenants.stream().map(t -> t.id().value()).collect(java.util.stream.Collectors.toSet());
    return s.dispatch().dispatchCandidates(lookahead, 10_000).stream()
        .filter(c -> ids.contains(c.tenantId()))
        .map(Candidate::id)
        .toList();
  }

  @Test
  void candidatesComeByPlanRankThenPriorityThenAgeAndEachTenantOnlyUpToItsLookahead() {
    Tenant free = s.aTenant(Plan.FREE);
    Tenant pro = s.aTenant(Plan.PRO);
    JobRecord freeOld = queued(free);
    s.clock().advance(Duration.ofSeconds(1));
    JobRecord freeNew = queued(free);
    JobRecord proLow = queued(pro, QueueClass.LIGHT, -5);
    s.clock().advance(Duration.ofSeconds(1));
    JobRecord proHigh = queued(pro, QueueClass.LIGHT, 5);
    JobRecord proHeavy = queued(pro, QueueClass.HEAVY, 0);

    assertThat(candidatesOf(Set.of(free, pro), Map.of(1, 1, 3, 2)))
        .as("free's second job is beyond its lookahead of 1")
        .containsExactly(proHigh.id(), proHeavy.id(), proLow.id(), freeOld.id());
    assertThat(candidatesOf(Set.of(free), Map.of(1, 2)))
        .containsExactly(freeOld.id(), freeNew.id());
  }

  @Test
  void onlyRunnableTypesAreCandidatesAndADispatchedJobIsNoLonger() {
    Tenant tenant = s.aTenant(Plan.PRO);
    JobRecord job = queued(tenant);
    String id = tenant.id().value();
    assertThat(s.dispatch().dispatchCandidates(Map.of(), 10_000, Set.of("other")))
        .noneMatch(c -> c.tenantId().equals(id));
    assertThat(s.dispatch().dispatchCandidates(Map.of(), 10_000, Set.of("noop")))
        .anyMatch(c -> c.id().equals(job.id()));

    UUID run = dispatched(job);
    assertThat(s.dispatch().markDispatched(job.id(), UUID.randomUUID())).as("twice").isFalse();
    assertThat(candidatesOf(Set.of(tenant), Map.of())).isEmpty();
    assertThat(s.dispatch().inFlight())
        .filteredOn(f -> f.tenantId().equals(id))
        .containsExactly(new DispatchStore.InFlight(id, QueueClass.LIGHT, 1));

    s.dispatch().undispatch(job.id(), UUID.randomUUID());
    assertThat(now(job).dispatched()).as("another run's undispatch").isTrue();
    s.dispatch().undispatch(job.id(), run);
    assertThat(now(job).dispatched()).isFalse();
    assertThat(now(job).runId()).isNull();
    assertThat(candidatesOf(Set.of(tenant), Map.of())).containsExactly(job.id());
  }

  @Test
  void aClaimCountsAnAttemptAndOnlyTheCurrentRunMayClaim() {
    JobRecord job = queued(s.aTenant(Plan.PRO));
    UUID run = dispatched(job);
    assertThat(s.runs().claim(job.id(), UUID.randomUUID(), "w1")).as("stale run").isEmpty();
    JobRecord claimed = s.runs().claim(job.id(), run, "w1").orElseThrow();
    assertThat(claimed.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(claimed.startedAt()).isEqualTo(s.clock().instant());
  }

  @Test
  void aRetryWaitsForItsTimeAsANewRunAndTheDispatcherKnowsWhen() {
    Tenant tenant = s.aTenant(Plan.PRO);
    JobRecord job = queued(tenant);
    UUID run = claimed(job);
    Instant due = s.clock().instant().plusSeconds(30);
    JobFailure flaky = new JobFailure("flaky", "try again", true);

    assertThat(s.runs().retryLater(job.id(), UUID.randomUUID(), flaky, due)).isEmpty();
    JobRecord retried = s.runs().retryLater(job.id(), run, flaky, due).orElseThrow();
    assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(retried.dispatched()).isFalse();
    assertThat(retried.failure()).isEqualTo(flaky);
    assertThat(candidatesOf(Set.of(tenant), Map.of())).as("not yet due").isEmpty();
    assertThat(s.dispatch().nextRunAfter()).contains(due);
    assertThat(s.runs().succeed(job.id(), run, JobResult.of(Map.of()))).as("old run").isEmpty();

    s.clock().advance(Duration.ofSeconds(30));
    assertThat(candidatesOf(Set.of(tenant), Map.of())).containsExactly(job.id());
    claimed(now(job));
    assertThat(now(job).attempts()).isEqualTo(2);
  }

  @Test
  void aHandedBackOrSuspendedRunDoesNotCountAsAnAttempt() {
    Tenant tenant = s.aTenant(Plan.PRO);
    JobRecord job = queued(tenant);
    UUID run = claimed(job);
    Instant later = s.clock().instant().plusSeconds(2);
    JobRecord back = s.runs().handBack(job.id(), run, "w1", later).orElseThrow();
    assertThat(back.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(back.attempts()).isZero();
    assertThat(back.runAfter()).isEqualTo(later);

    s.clock().advance(Duration.ofSeconds(2));
    UUID second = claimed(now(job));
    Instant resume = s.clock().instant().plus(Duration.ofMinutes(5));
    JobRecord waiting = s.runs().suspend(job.id(), second, resume, "provider").orElseThrow();
    assertThat(waiting.status()).as("still running for its tenant").isEqualTo(JobStatus.RUNNING);
    assertThat(waiting.dispatched()).isFalse();
    assertThat(waiting.attempts()).isZero();
    assertThat(s.dispatch().inFlight())
        .as("gives its slot back")
        .noneMatch(f -> f.tenantId().equals(tenant.id().value()));
    assertThat(candidatesOf(Set.of(tenant), Map.of())).isEmpty();
    s.clock().advance(Duration.ofMinutes(5));
    assertThat(candidatesOf(Set.of(tenant), Map.of())).containsExactly(job.id());
  }

  @Test
  void progressIsMonotonicAndCheckpointsAndEffectsAreGuarded() {
    JobRecord job = queued(s.aTenant(Plan.PRO));
    UUID run = claimed(job);
    assertThat(s.runs().reportProgress(job.id(), run, 40)).isTrue();
    assertThat(s.runs().reportProgress(job.id(), run, 10)).isTrue();
    assertThat(now(job).progress()).isEqualTo(40);
    assertThat(s.runs().reportProgress(job.id(), UUID.randomUUID(), 90)).isFalse();
    assertThat(s.runs().saveCheckpoint(job.id(), run, Map.of("op", "a"))).isTrue();
    assertThat(s.runs().saveCheckpoint(job.id(), UUID.randomUUID(), Map.of("op", "b"))).isFalse();
    assertThat(now(job).checkpoint()).isEqualTo(Map.of("op", "a"));
    assertThat(s.runs().recordEffect(job.id(), "upload", 1)).isTrue();
    assertThat(s.runs().recordEffect(job.id(), "upload", 2)).isFalse();
  }

  @Test
  void endingAJobRunsTheEndHooksOnceAndOnlyForTheCurrentRun() {
    JobRecord job = queued(s.aTenant(Plan.PRO));
    UUID run = claimed(job);
    assertThat(s.runs().succeed(job.id(), UUID.randomUUID(), JobResult.of(Map.of()))).isEmpty();
    JobRecord done =
        s.runs()
            .succeed(job.id(), run, new JobResult(List.of("a1", "a2"), Map.of("k", "v"), 3L))
            .orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.progress()).isEqualTo(100);
    assertThat(done.creditsActual()).isEqualTo(3L);
    assertThat(done.finishedAt()).isEqualTo(s.clock().instant());
    assertThat(s.runs().fail(job.id(), run, new JobFailure("x", "y", false))).isEmpty();
    assertThat(s.ended())
        .filteredOn(e -> e.id().equals(job.id()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(JobStatus.SUCCEEDED);
              assertThat(e.outputAssetIds()).containsExactly("a1", "a2");
            });
  }

  @Test
  void aCancelEndsAWaitingJobAtOnceAndFlagsARunningOne() {
    Tenant tenant = s.aTenant(Plan.PRO);
    JobRecord waiting = queued(tenant);
    assertThat(s.submissions().requestCancel(tenant.id(), waiting.id()).orElseThrow().status())
        .isEqualTo(JobStatus.CANCELED);
    assertThat(s.submissions().requestCancel(s.aTenant(Plan.PRO).id(), waiting.id())).isEmpty();

    JobRecord running = queued(tenant);
    UUID run = claimed(running);
    assertThat(s.submissions().requestCancel(tenant.id(), running.id()).orElseThrow().status())
        .isEqualTo(JobStatus.RUNNING);
    assertThat(s.runs().cancelRequested(List.of(running.id(), waiting.id())))
        .contains(running.id());
    assertThat(s.runs().suspend(running.id(), run, s.clock().instant(), "x").orElseThrow().status())
        .as("a suspension after a cancel ends the job")
        .isEqualTo(JobStatus.CANCELED);
    assertThat(s.ended())
        .filteredOn(e -> e.id().equals(waiting.id()) || e.id().equals(running.id()))
        .extracting(EndedJob::status)
        .containsExactly(JobStatus.CANCELED, JobStatus.CANCELED);
  }

  @Test
  void aLostRunIsQueuedAgainUntilItsAttemptsAreUsedThenFailsWorkerLost() {
    JobRecord job = queued(s.aTenant(Plan.PRO));
    UUID first = claimed(job);
    s.clock().advance(Duration.ofMinutes(10));
    assertThat(s.recovery().dispatchedNotUpdatedSince(s.clock().instant().minusSeconds(60), 10_000))
        .extracting(JobRecord::id)
        .contains(job.id());
    assertThat(s.recovery().runningAttempts(10_000))
        .filteredOn(a -> a.id().equals(job.id()))
        .singleElement()
        .satisfies(a -> assertThat(a.runId()).isEqualTo(first));
    assertThat(s.recovery().recoverLostRun(job.id(), UUID.randomUUID())).isEmpty();

    JobRecord requeued = s.recovery().recoverLostRun(job.id(), first).orElseThrow();
    assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(requeued.dispatched()).isFalse();
    assertThat(requeued.runAfter()).isEqualTo(s.clock().instant());
    assertThat(s.recovery().dispatchedNotUpdatedSince(s.clock().instant().plusSeconds(1), 10_000))
        .extracting(JobRecord::id)
        .doesNotContain(job.id());

    UUID second = claimed(now(job));
    JobRecord lost = s.recovery().recoverLostRun(job.id(), second).orElseThrow();
    assertThat(lost.status()).as("2 of 2 attempts used").isEqualTo(JobStatus.FAILED);
    assertThat(lost.failure().code()).isEqualTo("worker_lost");
    assertThat(lost.failure().retryable()).isFalse();
    assertThat(s.recovery().recoverLostRun(job.id(), second)).as("ended").isEmpty();
  }
}
