package ai.omnix.pipeline.store;

import static ai.omnix.pipeline.store.StoreFixture.aNewJob;
import static ai.omnix.pipeline.store.StoreFixture.aNoopSubmission;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.DispatchStore;
import ai.omnix.pipeline.store.job.JobEvent;
import ai.omnix.pipeline.store.job.JobQuery;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The job store's contract, run against every PostgreSQL we support: the embedded one here ({@link
 * JobRepositoryIT}), and PostgreSQL 15 in a container where Docker is available ({@link
 * JobRepositoryOnPostgres15IT}).
 */
abstract class JobRepositoryContract {

  protected abstract StoreFixture store();

  private JobRecord dispatched(JobRecord job, UUID runId) {
    assertThat(store().jobs.markDispatched(job.id(), runId)).isTrue();
    return store().jobs.findById(job.id()).orElseThrow();
  }

  @Test
  void progressNeverGoesBackWithinAnAttemptAndStartsAgainInTheNext() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.LIGHT).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w");
    for (int percent : new int[] {1, 0, 1, 4, 3}) {
      assertThat(store().jobs.reportProgress(job.id(), run, percent)).isTrue();
    }
    assertThat(store().jobs.findById(job.id()).orElseThrow().progress()).isEqualTo(4);
    assertThat(store().jobs.events(job.id(), 0, 100))
        .filteredOn(e -> e.kind().equals("progress"))
        .extracting(JobEvent::progress)
        .containsExactly(1, 4);

    store()
        .jobs
        .retryLater(
            job.id(),
            run,
            new ai.omnix.pipeline.core.job.JobFailure("flaky", "try again", true),
            store().clock.instant());
    UUID second = UUID.randomUUID();
    dispatched(store().jobs.findById(job.id()).orElseThrow(), second);
    store().jobs.claim(job.id(), second, "w");
    assertThat(store().jobs.reportProgress(job.id(), second, 2)).isTrue();
    assertThat(store().jobs.events(job.id(), 0, 100))
        .filteredOn(e -> e.kind().equals("progress"))
        .extracting(e -> e.attempt() + ":" + e.progress())
        .containsExactly("1:1", "1:4", "2:2");
    assertThat(store().jobs.reportProgress(job.id(), run, 50)).as("stale run").isFalse();
  }

  @Test
  void theActualCostIsWrittenInTheFinishTransaction() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.LIGHT).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w");
    // A real failure inside the finish transaction: its event cannot be written.
    String trigger = "fail_finish_" + job.id().value().toString().replace("-", "");
    store()
        .jdbc
        .sql(
            "create function "
                + trigger
                + "() returns trigger language plpgsql as $$ begin"
                + " if new.job_id = '"
                + job.id().value()
                + "' and new.status = 'succeeded' then raise exception 'finish fails'; end if;"
                + " return new; end $$")
        .update();
    store()
        .jdbc
        .sql(
            "create trigger "
                + trigger
                + " before insert on job_events for each row execute function "
                + trigger
                + "()")
        .update();
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  store()
                      .jobs
                      .succeed(
                          job.id(),
                          run,
                          new ai.omnix.pipeline.core.job.JobResult(List.of(), Map.of(), 7L)))
          .hasMessageContaining("finish fails");
    } finally {
      store().jdbc.sql("drop trigger " + trigger + " on job_events").update();
      store().jdbc.sql("drop function " + trigger + "()").update();
    }
    JobRecord after = store().jobs.findById(job.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(after.creditsActual()).as("no actual cost without the finish").isNull();

    store()
        .jobs
        .succeed(job.id(), run, new ai.omnix.pipeline.core.job.JobResult(List.of(), Map.of(), 7L));
    assertThat(store().jobs.findById(job.id()).orElseThrow().creditsActual()).isEqualTo(7L);
  }

  @Test
  void storesAQueuedJobVisibleOnlyToItsTenant() {
    Tenant owner = store().aTenant(Plan.PRO);
    Tenant other = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(owner, QueueClass.LIGHT).job();

    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(store().jobs.find(owner.id(), job.id())).isPresent();
    assertThat(store().jobs.find(other.id(), job.id())).isEmpty();
    assertThat(store().jobs.events(job.id(), 0, 10))
        .extracting(JobEvent::status)
        .containsExactly("queued");
  }

  @Test
  void sameIdempotencyKeyAndBodyReplaysWhileADifferentBodyConflicts() {
    Tenant tenant = store().aTenant(Plan.PRO);
    NewJob first =
        new NewJob(
            JobId.random(), tenant, aNoopSubmission(), QueueClass.LIGHT, 3, 0, "key-1", "hash-a");
    JobSubmissions.Inserted created = store().jobs.insert(first);
    JobSubmissions.Inserted replay =
        store()
            .jobs
            .insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    aNoopSubmission(),
                    QueueClass.LIGHT,
                    3,
                    0,
                    "key-1",
                    "hash-a"));
    JobSubmissions.Inserted conflict =
        store()
            .jobs
            .insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    aNoopSubmission(),
                    QueueClass.LIGHT,
                    3,
                    0,
                    "key-1",
                    "hash-b"));

    assertThat(created).isInstanceOf(JobSubmissions.Created.class);
    assertThat(replay).isInstanceOf(JobSubmissions.Replayed.class);
    assertThat(replay.job().id()).isEqualTo(created.job().id());
    assertThat(conflict).isInstanceOf(JobSubmissions.KeyConflict.class);
    assertThat(store().jobs.list(tenant.id(), new JobQuery(null, null, null, null, null, null, 10)))
        .hasSize(1);
  }

  @Test
  void concurrentRequestsWithOneIdempotencyKeyCreateOneJob() throws Exception {
    Tenant tenant = store().aTenant(Plan.PRO);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<JobSubmissions.Inserted>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(
          () ->
              store()
                  .jobs
                  .insert(
                      new NewJob(
                          JobId.random(),
                          tenant,
                          aNoopSubmission(),
                          QueueClass.LIGHT,
                          3,
                          0,
                          "same-key",
                          "same-hash")));
    }
    Set<JobId> ids = new HashSet<>();
    for (Future<JobSubmissions.Inserted> f : pool.invokeAll(calls)) {
      ids.add(f.get().job().id());
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
  }

  @Test
  void idempotencyKeysAreScopedToTheTenant() {
    Tenant a = store().aTenant(Plan.PRO);
    Tenant b = store().aTenant(Plan.PRO);
    var ja =
        store()
            .jobs
            .insert(
                new NewJob(JobId.random(), a, aNoopSubmission(), QueueClass.LIGHT, 3, 0, "k", "h"));
    var jb =
        store()
            .jobs
            .insert(
                new NewJob(JobId.random(), b, aNoopSubmission(), QueueClass.LIGHT, 3, 0, "k", "h"));
    assertThat(jb).isInstanceOf(JobSubmissions.Created.class);
    assertThat(jb.job().id()).isNotEqualTo(ja.job().id());
  }

  @Test
  void onlyTheCurrentRunMayClaimAndFinishAJob() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.LIGHT).job();
    UUID firstRun = UUID.randomUUID();
    dispatched(job, firstRun);
    assertThat(store().jobs.claim(job.id(), UUID.randomUUID(), "w1")).isEmpty();
    assertThat(store().jobs.claim(job.id(), firstRun, "w1"))
        .get()
        .extracting(JobRecord::attempts)
        .isEqualTo(1);

    // the sweeper decides the first run is lost and the job is dispatched again
    assertThat(store().jobs.recoverLostRun(job.id(), firstRun))
        .get()
        .extracting(JobRecord::status)
        .isEqualTo(JobStatus.QUEUED);
    UUID secondRun = UUID.randomUUID();
    dispatched(store().jobs.findById(job.id()).orElseThrow(), secondRun);
    assertThat(store().jobs.claim(job.id(), secondRun, "w2"))
        .get()
        .extracting(JobRecord::attempts)
        .isEqualTo(2);

    // the first worker comes back from the dead: it cannot overwrite the newer run
    assertThat(store().jobs.succeed(job.id(), firstRun, JobResult.of(Map.of("stale", true))))
        .isEmpty();
    assertThat(store().jobs.succeed(job.id(), secondRun, JobResult.of(Map.of("ok", true))))
        .isPresent();
    JobRecord finished = store().jobs.findById(job.id()).orElseThrow();
    assertThat(finished.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(finished.progress()).isEqualTo(100);
    assertThat(finished.result()).containsEntry("summary", Map.of("ok", true));
  }

  @Test
  void aFailedAttemptWaitsForItsBackoffBeforeItIsDispatchedAgain() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.LIGHT).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w1");

    store()
        .jobs
        .retryLater(
            job.id(),
            run,
            new JobFailure("flaky", "try again", true),
            store().clock.instant().plus(Duration.ofSeconds(20)));

    JobRecord queued = store().jobs.findById(job.id()).orElseThrow();
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.attempts()).isEqualTo(1);
    assertThat(queued.failure().code()).isEqualTo("flaky");
    assertThat(candidateIds()).doesNotContain(job.id());
    store().clock.advance(Duration.ofSeconds(21));
    assertThat(candidateIds()).contains(job.id());
  }

  private List<JobId> candidateIds() {
    return store().jobs.dispatchCandidates(Map.of(3, 1000), 10_000).stream()
        .map(DispatchStore.Candidate::id)
        .toList();
  }

  @Test
  void aSuspendedJobStaysRunningGivesBackItsSlotAndResumesWithItsCheckpoint() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.IO_BOUND).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w1");
    assertThat(store().jobs.saveCheckpoint(job.id(), run, Map.of("operation", "op-1"))).isTrue();

    store()
        .jobs
        .suspend(
            job.id(),
            run,
            store().clock.instant().plus(Duration.ofSeconds(5)),
            "waiting_for_provider");

    JobRecord waiting = store().jobs.findById(job.id()).orElseThrow();
    assertThat(waiting.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(waiting.dispatched()).isFalse();
    assertThat(waiting.attempts()).as("waiting is not an attempt").isZero();
    assertThat(store().jobs.inFlight()).noneMatch(f -> f.tenantId().equals(tenant.id().value()));
    assertThat(store().jobs.events(job.id(), 0, 10))
        .last()
        .extracting(JobEvent::data)
        .isEqualTo(
            Map.of(
                "waiting",
                "waiting_for_provider",
                "resume_at",
                store().clock.instant().plus(Duration.ofSeconds(5)).toString()));
    assertThat(candidateIds()).doesNotContain(job.id());

    store().clock.advance(Duration.ofSeconds(6));
    assertThat(candidateIds()).contains(job.id());
    UUID resumed = UUID.randomUUID();
    dispatched(waiting, resumed);
    JobRecord claimed = store().jobs.claim(job.id(), resumed, "w2").orElseThrow();
    assertThat(claimed.checkpoint()).isEqualTo(Map.of("operation", "op-1"));
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(store().jobs.saveCheckpoint(job.id(), run, Map.of("stale", true)))
        .as("an old run")
        .isFalse();
  }

  @Test
  void cancelEndsAWaitingJobAtOnceAndAbandonsItsProviderCalls() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.IO_BOUND).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w1");
    var attempts =
        new ai.omnix.pipeline.store.provider.JdbcProviderAttemptLog(
            store().jdbc,
            new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(
                    store().dataSource)),
            store().clock);
    UUID attempt = attempts.start(job.id(), "fal", "flux-schnell", 3);
    store()
        .jobs
        .suspend(
            job.id(),
            run,
            store().clock.instant().plus(Duration.ofMinutes(1)),
            "waiting_for_provider");

    assertThat(store().jobs.requestCancel(tenant.id(), job.id()))
        .get()
        .extracting(JobRecord::status)
        .isEqualTo(JobStatus.CANCELED);
    assertThat(attempts.forJob(job.id()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo(attempt);
              assertThat(a.outcome())
                  .isEqualTo(ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome.ABANDONED);
              assertThat(a.billed()).isFalse();
            });
  }

  @Test
  void aCancelThatArrivedDuringARunEndsTheJobWhenTheRunSuspends() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job = store().insert(tenant, QueueClass.IO_BOUND).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w1");
    store().jobs.requestCancel(tenant.id(), job.id());

    store()
        .jobs
        .suspend(job.id(), run, store().clock.instant().plusSeconds(30), "waiting_for_provider");

    assertThat(store().jobs.findById(job.id()).orElseThrow().status())
        .isEqualTo(JobStatus.CANCELED);
  }

  @Test
  void aSettledCostIsTheJobsActualCreditsAndOtherwiseTheEstimateOrNothing() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord settled = store().insert(tenant, QueueClass.IO_BOUND).job();
    UUID run = UUID.randomUUID();
    dispatched(settled, run);
    store().jobs.claim(settled.id(), run, "w1");
    store().jobs.succeed(settled.id(), run, JobResult.of(Map.of()).withCreditsUsed(7));
    JobRecord failed = store().insert(tenant, QueueClass.IO_BOUND).job();
    store().jobs.fail(failed.id(), null, new JobFailure("bad", "bad", false));

    assertThat(store().jobs.findById(settled.id()).orElseThrow().creditsActual()).isEqualTo(7L);
    assertThat(
            ai.omnix.pipeline.store.webhook.JobPayload.of(
                    store().jobs.findById(settled.id()).orElseThrow())
                .get("credits"))
        .isEqualTo(Map.of("estimated", 1L, "actual", 7L));
    assertThat(
            ai.omnix.pipeline.store.webhook.JobPayload.of(
                    store().jobs.findById(failed.id()).orElseThrow())
                .get("credits"))
        .isEqualTo(Map.of("estimated", 1L, "actual", 0L));
  }

  @Test
  void oneTenantsFloodNeverHidesAnotherTenantsJobFromTheDispatcher() {
    Tenant flooder = store().aTenant(Plan.ENTERPRISE);
    Tenant small = store().aTenant(Plan.FREE);
    for (int i = 0; i < 150; i++) {
      store().insert(flooder, QueueClass.HEAVY);
    }
    JobRecord light = store().insert(small, QueueClass.LIGHT).job();

    List<DispatchStore.Candidate> candidates =
        store().jobs.dispatchCandidates(Map.of(5, 5, 1, 1), 100);
    assertThat(candidates).extracting(DispatchStore.Candidate::id).contains(light.id());
    assertThat(candidates.stream().filter(c -> c.tenantId().equals(flooder.id().value())))
        .hasSizeLessThanOrEqualTo(5);
    // higher plans come first
    assertThat(candidates.get(0).tenantId()).isNotEqualTo(small.id().value());
  }

  @Test
  void cancelEndsAQueuedJobAtOnceAndFlagsARunningOne() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord queued = store().insert(tenant, QueueClass.LIGHT).job();
    assertThat(store().jobs.requestCancel(tenant.id(), queued.id()))
        .get()
        .extracting(JobRecord::status)
        .isEqualTo(JobStatus.CANCELED);

    JobRecord running = store().insert(tenant, QueueClass.LIGHT).job();
    UUID run = UUID.randomUUID();
    dispatched(running, run);
    store().jobs.claim(running.id(), run, "w1");
    JobRecord flagged = store().jobs.requestCancel(tenant.id(), running.id()).orElseThrow();
    assertThat(flagged.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(flagged.cancelRequestedAt()).isNotNull();
    assertThat(store().jobs.cancelRequested(List.of(running.id(), queued.id())))
        .contains(running.id());

    Tenant stranger = store().aTenant(Plan.PRO);
    assertThat(store().jobs.requestCancel(stranger.id(), running.id())).isEmpty();
  }

  @Test
  void aSideEffectIsRecordedOncePerJob() {
    JobRecord job = store().insert(store().aTenant(Plan.PRO), QueueClass.LIGHT).job();
    assertThat(store().jobs.recordEffect(job.id(), "charged", 1)).isTrue();
    assertThat(store().jobs.recordEffect(job.id(), "charged", 2)).isFalse();
    assertThat(store().jobs.recordEffect(job.id(), "uploaded", 2)).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSucceededJobStoresTheFirstHundredOutputsInItsResultAndEveryOutputInOrderApart() {
    Tenant tenant = store().aTenant(Plan.PRO);
    JobRecord job =
        store()
            .jobs
            .insert(
                aNewJob(
                    tenant,
                    new JobSubmission("noop", JobInput.none(), Map.of(), null, Map.of(), 0),
                    QueueClass.LIGHT))
            .job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w1");
    List<String> outputs =
        java.util.stream.IntStream.range(0, 250).mapToObj(i -> "ast_out" + i).toList();
    store().jobs.succeed(job.id(), run, new JobResult(outputs, Map.of("rungs", 3)));

    Map<String, Object> result = store().jobs.findById(job.id()).orElseThrow().result();
    assertThat((List<String>) result.get("output_asset_ids")).isEqualTo(outputs.subList(0, 100));
    assertThat(result)
        .containsEntry("output_count", 250)
        .containsEntry("has_more_outputs", true)
        .containsEntry("summary", Map.of("rungs", 3));
    var jobOutputs = new ai.omnix.pipeline.store.job.JobOutputs(store().jdbc);
    List<String> paged = new java.util.ArrayList<>();
    int after = -1;
    for (var page = jobOutputs.page(job.id(), after, 99);
        !page.isEmpty();
        page = jobOutputs.page(job.id(), after, 99)) {
      page.forEach(o -> paged.add(o.assetId()));
      after = page.get(page.size() - 1).position();
    }
    assertThat(paged).isEqualTo(outputs);
  }

  @Test
  void finishingAJobQueuesOneWebhookPerTargetInTheSameTransaction() {
    Tenant tenant = store().aTenant(Plan.PRO);
    store().webhooks.createEndpoint(tenant.id(), "https://hooks.example.com/all", Set.of());
    store()
        .webhooks
        .createEndpoint(tenant.id(), "https://hooks.example.com/failures", Set.of("job.failed"));
    JobSubmission submission =
        new JobSubmission(
            "noop", JobInput.none(), Map.of(), "https://hooks.example.com/job", Map.of(), 0);
    JobRecord job = store().jobs.insert(aNewJob(tenant, submission, QueueClass.LIGHT)).job();
    UUID run = UUID.randomUUID();
    dispatched(job, run);
    store().jobs.claim(job.id(), run, "w1");
    store().jobs.succeed(job.id(), run, JobResult.of(Map.of()));
    store().jobs.succeed(job.id(), run, JobResult.of(Map.of()));

    var deliveries = store().webhooks.deliveriesFor(tenant.id(), job.id());
    assertThat(deliveries)
        .extracting(d -> d.url())
        .containsExactlyInAnyOrder(
            "https://hooks.example.com/job", "https://hooks.example.com/all");
    assertThat(deliveries)
        .allSatisfy(
            d -> {
              assertThat(d.eventType()).isEqualTo("job.succeeded");
              assertThat(d.status()).isEqualTo("pending");
              assertThat(d.payload())
                  .contains(job.id().toString())
                  .contains("\"status\":\"succeeded\"");
            });
  }

  @Test
  void listsNewestFirstWithAStableCursor() {
    Tenant tenant = store().aTenant(Plan.PRO);
    List<JobId> inserted = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      inserted.add(store().insert(tenant, QueueClass.LIGHT).job().id());
      store().clock.advance(Duration.ofMillis(1));
    }
    List<JobId> seen = new ArrayList<>();
    JobRecord last = null;
    for (int page = 0; page < 10; page++) {
      List<JobRecord> rows =
          store()
              .jobs
              .list(
                  tenant.id(),
                  new JobQuery(
                      null,
                      null,
                      null,
                      null,
                      last == null ? null : last.createdAt(),
                      last == null ? null : last.id().value(),
                      3));
      if (rows.isEmpty()) {
        break;
      }
      rows.forEach(r -> seen.add(r.id()));
      last = rows.get(rows.size() - 1);
    }
    assertThat(seen).containsExactlyElementsOf(reversedCopy(inserted));
  }

  @Test
  void forgetsIdempotencyKeysOlderThanTheRetention() {
    Tenant tenant = store().aTenant(Plan.PRO);
    store()
        .jobs
        .insert(
            new NewJob(
                JobId.random(), tenant, aNoopSubmission(), QueueClass.LIGHT, 3, 0, "old", "h"));
    store().clock.advance(Duration.ofHours(25));
    store().jobs.purgeIdempotencyKeys(store().clock.instant().minus(Duration.ofHours(24)));
    var again =
        store()
            .jobs
            .insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    aNoopSubmission(),
                    QueueClass.LIGHT,
                    3,
                    0,
                    "old",
                    "other-hash"));
    assertThat(again).isInstanceOf(JobSubmissions.Created.class);
  }

  private static <T> List<T> reversedCopy(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  @Test
  void aSucceededJobCreatesItsFollowUpsOnItsSourceOrItsOutputInTheSameTransaction() {
    Tenant tenant = store().aTenant(Plan.PRO);
    Map<String, Object> onSource =
        Map.of(
            "type",
            "probe",
            "params",
            Map.of(),
            "input",
            "source",
            "queue_class",
            "light",
            "max_attempts",
            3,
            "follow_ups",
            List.of());
    Map<String, Object> onOutput =
        Map.of(
            "type",
            "thumbnail",
            "params",
            Map.of("sizes", "160"),
            "input",
            "output",
            "queue_class",
            "light",
            "max_attempts",
            2,
            "follow_ups",
            List.of(onSource));
    JobRecord parent =
        store()
            .jobs
            .insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    new JobSubmission(
                        "transcode",
                        JobInput.asset("ast_src"),
                        Map.of(),
                        null,
                        Map.of("order", "7"),
                        2),
                    QueueClass.HEAVY,
                    3,
                    0,
                    null,
                    null,
                    ai.omnix.pipeline.store.job.ResolvedFollowUp.allFromStored(
                        List.of(onSource, onOutput))))
            .job();
    UUID run = UUID.randomUUID();
    dispatched(parent, run);
    store().jobs.claim(parent.id(), run, "w");
    store().jobs.succeed(parent.id(), run, new JobResult(List.of("ast_out"), Map.of()));

    List<JobRecord> children =
        store()
            .jobs
            .list(
                tenant.id(),
                new JobQuery(null, null, null, null, null, null, 10, parent.id().value()));
    assertThat(children)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.status()).isEqualTo(JobStatus.QUEUED);
              assertThat(c.parentJobId()).isEqualTo(parent.id().value());
              assertThat(c.priority()).isEqualTo(2);
              assertThat(c.metadata())
                  .containsEntry("order", "7")
                  .containsEntry("parent_job_id", parent.id().toString());
            });
    JobRecord probe =
        children.stream().filter(c -> c.type().equals("probe")).findFirst().orElseThrow();
    JobRecord thumbnail =
        children.stream().filter(c -> c.type().equals("thumbnail")).findFirst().orElseThrow();
    assertThat(probe.input().assetIds()).containsExactly("ast_src");
    assertThat(thumbnail.input().assetIds()).containsExactly("ast_out");
    assertThat(thumbnail.maxAttempts()).isEqualTo(2);
    assertThat(thumbnail.followUps()).hasSize(1);
  }

  @Test
  void aFollowUpOnAnOutputThatWasNeverProducedIsCreatedFailedWithAReason() {
    Tenant tenant = store().aTenant(Plan.PRO);
    Map<String, Object> onOutput =
        Map.of(
            "type",
            "probe",
            "params",
            Map.of(),
            "input",
            "output",
            "queue_class",
            "light",
            "max_attempts",
            3,
            "follow_ups",
            List.of());
    JobRecord parent =
        store()
            .jobs
            .insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    aNoopSubmission(),
                    QueueClass.LIGHT,
                    3,
                    0,
                    null,
                    null,
                    ai.omnix.pipeline.store.job.ResolvedFollowUp.allFromStored(List.of(onOutput))))
            .job();
    UUID run = UUID.randomUUID();
    dispatched(parent, run);
    store().jobs.claim(parent.id(), run, "w");
    store().jobs.succeed(parent.id(), run, JobResult.of(Map.of()));

    JobRecord child =
        store()
            .jobs
            .list(
                tenant.id(),
                new JobQuery(null, null, null, null, null, null, 10, parent.id().value()))
            .get(0);
    assertThat(child.status()).isEqualTo(JobStatus.FAILED);
    assertThat(child.failure().code()).isEqualTo("follow_up_input_missing");
    assertThat(child.finishedAt()).isNotNull();
  }

  @Test
  void aFailedJobCreatesNoFollowUps() {
    Tenant tenant = store().aTenant(Plan.PRO);
    Map<String, Object> onSource =
        Map.of(
            "type",
            "probe",
            "params",
            Map.of(),
            "input",
            "source",
            "queue_class",
            "light",
            "max_attempts",
            3,
            "follow_ups",
            List.of());
    JobRecord parent =
        store()
            .jobs
            .insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    aNoopSubmission(),
                    QueueClass.LIGHT,
                    3,
                    0,
                    null,
                    null,
                    ai.omnix.pipeline.store.job.ResolvedFollowUp.allFromStored(List.of(onSource))))
            .job();
    UUID run = UUID.randomUUID();
    dispatched(parent, run);
    store().jobs.claim(parent.id(), run, "w");
    store().jobs.fail(parent.id(), run, new JobFailure("boom", "failed", false));
    assertThat(
            store()
                .jobs
                .list(
                    tenant.id(),
                    new JobQuery(null, null, null, null, null, null, 10, parent.id().value())))
        .isEmpty();
  }
}
