package ai.omnix.pipeline.workers.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.workers.builtin.NoopJobHandler;
import ai.omnix.pipeline.workers.builtin.NoopJobType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs real handlers against a real store, without JobRunr: the runner's contract with the store.
 */
class JobRunnerIT {
  private static final StoreFixture store = new StoreFixture();
  private final RunningJobs running = new RunningJobs();
  private final JobRunner runner =
      new JobRunner(
          store.jobs,
          new JobTypeRegistry(List.of(NoopJobType.light()), List.of(new NoopJobHandler("noop"))),
          running,
          store.clock,
          "test-worker",
          Duration.ofSeconds(5),
          Duration.ofMinutes(1));

  private record Dispatched(JobId id, UUID runId) {}

  private Dispatched aDispatchedNoop(Tenant tenant, Map<String, Object> params) {
    JobRecord job =
        store
            .jobs
            .insert(
                StoreFixture.aNewJob(
                    tenant,
                    new JobSubmission("noop", JobInput.none(), params, null, Map.of(), 0),
                    QueueClass.LIGHT))
            .job();
    UUID run = UUID.randomUUID();
    store.jobs.markDispatched(job.id(), run);
    return new Dispatched(job.id(), run);
  }

  private Dispatched redispatch(JobId id) {
    UUID run = UUID.randomUUID();
    assertThat(store.jobs.markDispatched(id, run)).isTrue();
    return new Dispatched(id, run);
  }

  private JobRecord job(JobId id) {
    return store.jobs.findById(id).orElseThrow();
  }

  @Test
  void runsAJobToSuccessAndRecordsItsResult() {
    Dispatched d = aDispatchedNoop(store.aTenant(Plan.PRO), Map.of("sleep_ms", 250, "echo", "hi"));
    runner.run(d.id().value(), d.runId());
    JobRecord job = job(d.id());
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.attempts()).isEqualTo(1);
    assertThat(job.result()).extracting("summary").asString().contains("echo=hi");
    assertThat(store.jobs.events(d.id(), 0, 100))
        .extracting(e -> e.kind() + ":" + e.status())
        .startsWith("status:queued", "status:running")
        .endsWith("status:succeeded")
        .contains("progress:running");
  }

  @Test
  void retriesTransientFailuresWithBackoffButNotPermanentOnes() {
    Tenant tenant = store.aTenant(Plan.PRO);
    Dispatched transient1 =
        aDispatchedNoop(tenant, Map.of("fail", "transient", "fail_attempts", 1));
    runner.run(transient1.id().value(), transient1.runId());
    JobRecord afterFirst = job(transient1.id());
    assertThat(afterFirst.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(afterFirst.failure().code()).isEqualTo("noop_transient");
    assertThat(afterFirst.runAfter()).isEqualTo(store.clock.instant().plus(Duration.ofSeconds(5)));

    Dispatched second = redispatch(transient1.id());
    runner.run(second.id().value(), second.runId());
    assertThat(job(transient1.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job(transient1.id()).attempts()).isEqualTo(2);

    Dispatched permanent = aDispatchedNoop(tenant, Map.of("fail", "permanent"));
    runner.run(permanent.id().value(), permanent.runId());
    JobRecord failed = job(permanent.id());
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.failure().code()).isEqualTo("noop_failed");
    assertThat(failed.failure().retryable()).isFalse();
    assertThat(failed.attempts()).isEqualTo(1);
  }

  @Test
  void failsForGoodWhenRetryableFailuresUseUpTheAttempts() {
    Tenant tenant = store.aTenant(Plan.PRO);
    Dispatched d = aDispatchedNoop(tenant, Map.of("fail", "transient"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      runner.run(d.id().value(), d.runId());
      if (attempt < 3) {
        d = redispatch(d.id());
      }
    }
    JobRecord job = job(d.id());
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.attempts()).isEqualTo(3);
    assertThat(job.failure().retryable()).isTrue();
  }

  @Test
  void aCancelStopsARunningHandler() throws Exception {
    Tenant tenant = store.aTenant(Plan.PRO);
    Dispatched d = aDispatchedNoop(tenant, Map.of("sleep_ms", 60_000));
    CompletableFuture<Void> run =
        CompletableFuture.runAsync(() -> runner.run(d.id().value(), d.runId()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (running.size() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    store.jobs.requestCancel(tenant.id(), d.id());
    new CancellationWatcher(running, store.jobs).run();
    run.get(10, TimeUnit.SECONDS);
    assertThat(job(d.id()).status()).isEqualTo(JobStatus.CANCELED);
    assertThat(job(d.id()).progress()).isLessThan(100);
  }

  @Test
  void skipsAStaleRunAndAFinishedJob() {
    Tenant tenant = store.aTenant(Plan.PRO);
    Dispatched d = aDispatchedNoop(tenant, Map.of());
    runner.run(d.id().value(), UUID.randomUUID());
    assertThat(job(d.id()).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(d.id()).attempts()).isZero();
    runner.run(d.id().value(), d.runId());
    runner.run(d.id().value(), d.runId());
    assertThat(job(d.id()).attempts()).isEqualTo(1);
  }

  @Test
  void aJobWhoseWorkerKeepsDyingFailsWithWorkerLost() {
    Tenant tenant = store.aTenant(Plan.PRO);
    Dispatched d = aDispatchedNoop(tenant, Map.of());
    // each claim without an outcome is a run whose worker died; the executor re-runs the same run
    for (int i = 0; i < 3; i++) {
      store.jobs.claim(d.id(), d.runId(), "dead-worker-" + i);
    }
    runner.run(d.id().value(), d.runId());
    JobRecord job = job(d.id());
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failure().code()).isEqualTo("worker_lost");
  }

  @Test
  void aRunOfATypeThisWorkerLacksGoesBackToTheQueueWithoutUsingAnAttempt() {
    Tenant tenant = store.aTenant(Plan.PRO);
    JobRecord inserted =
        store
            .jobs
            .insert(
                StoreFixture.aNewJob(
                    tenant,
                    new JobSubmission("noop-heavy", JobInput.none(), Map.of(), null, Map.of(), 0),
                    QueueClass.HEAVY))
            .job();
    UUID run = UUID.randomUUID();
    store.jobs.markDispatched(inserted.id(), run);

    runner.run(inserted.id().value(), run); // this runner has only "noop"

    JobRecord handedBack = job(inserted.id());
    assertThat(handedBack.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(handedBack.attempts()).isZero();
    assertThat(handedBack.dispatched()).isFalse();
    assertThat(handedBack.failure()).isNull();
    assertThat(handedBack.runAfter()).isAfter(store.clock.instant());
    assertThat(store.jobs.events(inserted.id(), 0, 100))
        .last()
        .satisfies(e -> assertThat(e.data()).containsEntry("reason", "job_type_unavailable"));

    store.clock.advance(Duration.ofSeconds(5));
    JobRunner withHeavy =
        new JobRunner(
            store.jobs,
            new JobTypeRegistry(
                List.of(NoopJobType.heavy()), List.of(new NoopJobHandler("noop-heavy"))),
            running,
            store.clock,
            "heavy-worker",
            Duration.ofSeconds(5),
            Duration.ofMinutes(1));
    Dispatched again = redispatch(inserted.id());
    withHeavy.run(again.id().value(), again.runId());
    assertThat(job(inserted.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job(inserted.id()).attempts()).isEqualTo(1);
  }

  @Test
  void backoffGrowsFourfoldUpToTheCap() {
    assertThat(runner.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(runner.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(runner.backoff(3)).isEqualTo(Duration.ofSeconds(60));
    assertThat(runner.backoff(30)).isEqualTo(Duration.ofMinutes(1));
  }
}
