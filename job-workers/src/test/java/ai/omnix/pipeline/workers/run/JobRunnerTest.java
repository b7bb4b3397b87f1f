package ai.omnix.pipeline.workers.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.handler.JobSuspendedException;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.job.memory.InMemoryJobStore;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The runner's outcomes on the in-memory store: no database, no executor. */
class JobRunnerTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final ScriptedHandler handler = new ScriptedHandler();
  private final JobRunner runner =
      new JobRunner(
          store,
          new JobTypeRegistry(List.of(scriptedType()), List.of(handler)),
          new RunningJobs(),
          clock,
          "unit-worker",
          Duration.ofSeconds(5),
          Duration.ofMinutes(1));
  private final Tenant tenant =
      new Tenant(new TenantId("t1"), "T1", Plan.PRO, "whsec_x", clock.instant());

  /** A handler that plays the steps it is given, one per run. */
  private static final class ScriptedHandler implements JobHandler {
    interface Step {
      JobResult run(JobExecution execution) throws Exception;
    }

    final Deque<Step> steps = new ArrayDeque<>();
    int calls;

    @Override
    public String type() {
      return "scripted";
    }

    @Override
    public JobResult handle(JobExecution execution) throws Exception {
      calls++;
      return steps.removeFirst().run(execution);
    }
  }

  private static JobTypeSpec scriptedType() {
    return (JobTypeSpec)
        JobTypeSpec.named("scripted")
            .description("does what the test says")
            .queueClass(QueueClass.LIGHT)
            .inputs(JobInput.Kind.NONE)
            .credits(0)
            .build();
  }

  private record Run(JobId id, UUID runId) {}

  private Run aDispatched(String type) {
    JobSubmission submission =
        new JobSubmission(type, JobInput.none(), Map.of(), null, Map.of(), 0);
    JobRecord job =
        store
            .insert(
                new NewJob(JobId.random(), tenant, submission, QueueClass.LIGHT, 2, 0, null, null))
            .job();
    return redispatched(job.id());
  }

  private Run redispatched(JobId id) {
    UUID run = UUID.randomUUID();
    assertThat(store.markDispatched(id, run)).isTrue();
    return new Run(id, run);
  }

  private RunOutcome run(Run r) {
    return runner.run(r.id().value(), r.runId());
  }

  private JobRecord job(Run r) {
    return store.findById(r.id()).orElseThrow();
  }

  @Test
  void aHandlerThatReturnsEndsTheJobSucceededWithItsResult() {
    handler.steps.add(
        e -> {
          e.reportProgress(50);
          return new JobResult(List.of("out-1"), Map.of("echo", "hi"));
        });
    Run r = aDispatched("scripted");
    assertThat(run(r)).isEqualTo(RunOutcome.SUCCEEDED);
    assertThat(job(r).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job(r).result()).containsEntry("output_asset_ids", List.of("out-1"));
    assertThat(store.events(r.id()))
        .extracting(e -> e.kind() + ":" + e.status())
        .containsExactly("status:queued", "status:running", "progress:running", "status:succeeded");
  }

  @Test
  void aRetryableFailureIsRetriedWithBackoffUntilTheAttemptsAreUsed() {
    handler.steps.add(
        e -> {
          throw new JobFailedException("upstream_busy", "busy", true);
        });
    handler.steps.add(
        e -> {
          throw new JobFailedException("upstream_busy", "still busy", true);
        });
    Run first = aDispatched("scripted");
    RunOutcome outcome = run(first);
    assertThat(outcome.kind()).isEqualTo(RunOutcome.Kind.RETRY_SCHEDULED);
    assertThat(outcome.code()).isEqualTo("upstream_busy");
    assertThat(job(first).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(first).runAfter()).isEqualTo(clock.instant().plusSeconds(5));

    clock.advance(Duration.ofSeconds(5));
    Run second = redispatched(first.id());
    assertThat(run(second).kind()).as("2 of 2 attempts").isEqualTo(RunOutcome.Kind.FAILED);
    assertThat(job(second).status()).isEqualTo(JobStatus.FAILED);
    assertThat(job(second).failure().message()).isEqualTo("still busy");
  }

  @Test
  void aPermanentFailureEndsTheJobAtOnce() {
    handler.steps.add(
        e -> {
          throw new JobFailedException("bad_input", "not a video", false);
        });
    Run r = aDispatched("scripted");
    assertThat(run(r))
        .isEqualTo(new RunOutcome(RunOutcome.Kind.FAILED, "bad_input", "not a video"));
    assertThat(job(r).status()).isEqualTo(JobStatus.FAILED);
    assertThat(job(r).attempts()).isEqualTo(1);
  }

  @Test
  void anUnexpectedExceptionIsARetryableInternalErrorWithoutItsDetails() {
    handler.steps.add(
        e -> {
          throw new IllegalStateException("secret stack detail");
        });
    Run r = aDispatched("scripted");
    RunOutcome outcome = run(r);
    assertThat(outcome.kind()).isEqualTo(RunOutcome.Kind.RETRY_SCHEDULED);
    assertThat(outcome.code()).isEqualTo("internal_error");
    assertThat(job(r).failure().message()).doesNotContain("secret");
  }

  @Test
  void aSuspendedRunGivesItsSlotBackWithoutUsingAnAttempt() {
    handler.steps.add(
        e -> {
          throw new JobSuspendedException(Duration.ofMinutes(2), "waiting_for_provider");
        });
    Run r = aDispatched("scripted");
    assertThat(run(r)).isEqualTo(RunOutcome.SUSPENDED);
    JobRecord waiting = job(r);
    assertThat(waiting.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(waiting.dispatched()).isFalse();
    assertThat(waiting.attempts()).isZero();
    assertThat(waiting.runAfter()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
  }

  @Test
  void aStaleRunDoesNothing() {
    Run r = aDispatched("scripted");
    assertThat(runner.run(r.id().value(), UUID.randomUUID())).isEqualTo(RunOutcome.SKIPPED);
    assertThat(handler.calls).isZero();
    assertThat(job(r).attempts()).isZero();
  }

  @Test
  void aRunOfATypeThisWorkerLacksIsHandedBackWithoutUsingAnAttempt() {
    Run r = aDispatched("elsewhere");
    assertThat(run(r)).isEqualTo(RunOutcome.SKIPPED);
    JobRecord back = job(r);
    assertThat(back.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(back.dispatched()).isFalse();
    assertThat(back.attempts()).isZero();
    assertThat(back.runAfter()).isEqualTo(clock.instant().plus(JobRunner.HAND_BACK_DELAY));
  }

  @Test
  void aCancelRequestedBeforeTheRunOrSeenByTheHandlerEndsTheJobCanceled() {
    Run before = aDispatched("scripted");
    assertThat(store.claim(before.id(), before.runId(), "other")).isPresent();
    store.requestCancel(tenant.id(), before.id());
    // the claimed job is flagged, not ended; its next run (a re-run after a lost worker) ends it
    Run again = new Run(before.id(), before.runId());
    assertThat(run(again)).isEqualTo(RunOutcome.CANCELED);
    assertThat(handler.calls).isZero();
    assertThat(job(again).status()).isEqualTo(JobStatus.CANCELED);

    handler.steps.add(
        e -> {
          throw new JobCanceledException();
        });
    Run during = aDispatched("scripted");
    assertThat(run(during)).isEqualTo(RunOutcome.CANCELED);
    assertThat(job(during).status()).isEqualTo(JobStatus.CANCELED);
  }
}
