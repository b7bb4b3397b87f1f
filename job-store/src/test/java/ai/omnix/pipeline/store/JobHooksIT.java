package ai.omnix.pipeline.store;

import static ai.omnix.pipeline.store.StoreFixture.aNewJob;
import static ai.omnix.pipeline.store.StoreFixture.aNoopSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.job.hook.JobRefusedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.JobQuery;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accept and end hooks run inside the transactions that insert and end a job: what they write
 * commits or rolls back with the job, a refusal leaves nothing behind, and a refused follow-up is
 * created failed with the refusal's code while its siblings run.
 */
class JobHooksIT {
  private static final StoreFixture STORE = new StoreFixture();

  private final List<EndedJob> ended = new CopyOnWriteArrayList<>();
  private final AtomicBoolean endFails = new AtomicBoolean();
  private Predicate<AcceptedJob> refuse = job -> false;

  /** Writes a row per accepted job (an effect that must roll back with a refusal). */
  private final JobAcceptHook recordingAccept =
      job -> {
        STORE
            .jdbc
            .sql(
                "insert into job_effects (job_id, effect_key, attempt, at) values (?, 'accepted', 0, now())")
            .param(job.id().value())
            .update();
        if (refuse.test(job)) {
          throw new JobRefusedException(
              402, "insufficient_credits", "Not enough credits.", Map.of("needed", "5"));
        }
      };

  /** Writes a row per ended job, then records the call. */
  private final JobEndHook recordingEnd =
      job -> {
        STORE
            .jdbc
            .sql(
                "insert into job_effects (job_id, effect_key, attempt, at) values (?, 'ended', 0, now())")
            .param(job.id().value())
            .update();
        ended.add(job);
      };

  /** Runs after the recording hook and fails on demand. */
  private final JobEndHook failingEnd =
      new JobEndHook() {
        @Override
        public void jobEnded(EndedJob job) {
          if (endFails.get()) {
            throw new IllegalStateException("hook down");
          }
        }

        @Override
        public int order() {
          return 10;
        }
      };

  private final JdbcJobStore jobs =
      StandardJobHooks.repository(
          STORE.jdbc,
          new TransactionTemplate(new DataSourceTransactionManager(STORE.dataSource)),
          STORE.webhooks,
          STORE.clock,
          List.of(recordingAccept),
          List.of(failingEnd, recordingEnd));

  private JobRecord running(JobRecord job, UUID run) {
    assertThat(jobs.markDispatched(job.id(), run)).isTrue();
    return jobs.claim(job.id(), run, "w1").orElseThrow();
  }

  private List<String> effects(JobId id) {
    return STORE
        .jdbc
        .sql("select effect_key from job_effects where job_id = ? order by effect_key")
        .param(id.value())
        .query(String.class)
        .list();
  }

  @Test
  void eachEndRunsTheHooksOnceWithTheJobAsItEnded() {
    Tenant tenant = STORE.aTenant(Plan.PRO);
    JobRecord succeeded = jobs.insert(aNewJob(tenant, aNoopSubmission(), QueueClass.LIGHT)).job();
    JobRecord failed = jobs.insert(aNewJob(tenant, aNoopSubmission(), QueueClass.LIGHT)).job();
    JobRecord canceled = jobs.insert(aNewJob(tenant, aNoopSubmission(), QueueClass.LIGHT)).job();
    UUID run = UUID.randomUUID();
    running(succeeded, run);
    jobs.succeed(succeeded.id(), run, new JobResult(List.of("ast_1"), Map.of(), 7L));
    // A second end of the same run changes nothing and runs no hook.
    jobs.fail(succeeded.id(), run, new JobFailure("late", "too late", false));
    UUID run2 = UUID.randomUUID();
    running(failed, run2);
    jobs.fail(failed.id(), run2, new JobFailure("noop_failed", "asked to fail", false));
    jobs.requestCancel(tenant.id(), canceled.id());

    assertThat(ended).hasSize(3);
    EndedJob first = ended.get(0);
    assertThat(first.id()).isEqualTo(succeeded.id());
    assertThat(first.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.outputAssetIds()).containsExactly("ast_1");
    assertThat(first.creditsActual()).isEqualTo(7L);
    assertThat(first.creditsEstimated()).isEqualTo(1L);
    assertThat(first.tenant()).isEqualTo(tenant.id());
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(ended.get(1).status()).isEqualTo(JobStatus.FAILED);
    assertThat(ended.get(1).failure().code()).isEqualTo("noop_failed");
    assertThat(ended.get(1).creditsActual()).isNull();
    assertThat(ended.get(2).status()).isEqualTo(JobStatus.CANCELED);
    assertThat(ended.get(2).attempts()).isZero();
    // credits_actual is written by the same statement that ends the job.
    assertThat(jobs.findById(succeeded.id()).orElseThrow().creditsActual()).isEqualTo(7L);
  }

  @Test
  void aFailingHookRollsBackTheEndAndEveryEffectWithIt() {
    Tenant tenant = STORE.aTenant(Plan.PRO);
    JobRecord job =
        jobs.insert(
                aNewJob(
                    tenant,
                    new JobSubmission(
                        "noop", JobInput.none(), Map.of(), "https://example.com/hook", Map.of(), 0),
                    QueueClass.LIGHT))
            .job();
    UUID run = UUID.randomUUID();
    running(job, run);
    endFails.set(true);

    assertThatThrownBy(() -> jobs.succeed(job.id(), run, new JobResult(List.of(), Map.of(), 3L)))
        .hasMessageContaining("hook down");

    JobRecord after = jobs.findById(job.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(after.creditsActual()).isNull();
    assertThat(effects(job.id())).containsExactly("accepted");
    assertThat(
            STORE
                .jdbc
                .sql("select count(*) from webhook_deliveries where job_id = ?")
                .param(job.id().value())
                .query(Integer.class)
                .single())
        .isZero();

    endFails.set(false);
    assertThat(jobs.succeed(job.id(), run, new JobResult(List.of(), Map.of(), 3L))).isPresent();
    assertThat(effects(job.id())).containsExactly("accepted", "ended");
    assertThat(
            STORE
                .jdbc
                .sql("select count(*) from webhook_deliveries where job_id = ?")
                .param(job.id().value())
                .query(Integer.class)
                .single())
        .isOne();
  }

  @Test
  void aRefusedSubmissionLeavesNoJobNoEventAndNoEffect() {
    Tenant tenant = STORE.aTenant(Plan.PRO);
    refuse = job -> true;
    NewJob withoutKey = aNewJob(tenant, aNoopSubmission(), QueueClass.LIGHT);
    NewJob withKey =
        new NewJob(
            JobId.random(), tenant, aNoopSubmission(), QueueClass.LIGHT, 3, 1, "key-1", "hash-1");

    assertThatThrownBy(() -> jobs.insert(withoutKey))
        .isInstanceOfSatisfying(
            JobRefusedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(402);
              assertThat(e.code()).isEqualTo("insufficient_credits");
            });
    assertThatThrownBy(() -> jobs.insert(withKey)).isInstanceOf(JobRefusedException.class);

    assertThat(jobs.findById(withoutKey.id())).isEmpty();
    assertThat(jobs.findById(withKey.id())).isEmpty();
    assertThat(
            STORE
                .jdbc
                .sql("select count(*) from job_events where job_id in (?, ?)")
                .params(withoutKey.id().value(), withKey.id().value())
                .query(Integer.class)
                .single())
        .isZero();
    // The key was not spent on the refused request: the same request is accepted once allowed.
    refuse = job -> false;
    assertThat(jobs.insert(withKey)).isInstanceOf(JobSubmissions.Created.class);
  }

  @Test
  void aFollowUpAHookRefusesIsCreatedFailedWithItsCodeWhileItsSiblingRuns() {
    Tenant tenant = STORE.aTenant(Plan.PRO);
    refuse = job -> job.followUp() && job.type().equals("thumbnail");
    Map<String, Object> probe =
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
    Map<String, Object> thumbnail =
        Map.of(
            "type",
            "thumbnail",
            "params",
            Map.of(),
            "input",
            "source",
            "queue_class",
            "light",
            "max_attempts",
            3,
            "credits_estimated",
            5,
            "follow_ups",
            List.of());
    JobRecord parent =
        jobs.insert(
                new NewJob(
                    JobId.random(),
                    tenant,
                    new JobSubmission(
                        "transcode", JobInput.asset("ast_src"), Map.of(), null, Map.of(), 0),
                    QueueClass.HEAVY,
                    3,
                    0,
                    null,
                    null,
                    ai.omnix.pipeline.store.job.ResolvedFollowUp.allFromStored(
                        List.of(probe, thumbnail))))
            .job();
    UUID run = UUID.randomUUID();
    running(parent, run);
    jobs.succeed(parent.id(), run, new JobResult(List.of("ast_out"), Map.of()));

    List<JobRecord> children =
        jobs.list(
            tenant.id(), new JobQuery(null, null, null, null, null, null, 10, parent.id().value()));
    JobRecord probeJob =
        children.stream().filter(c -> c.type().equals("probe")).findFirst().orElseThrow();
    JobRecord thumbnailJob =
        children.stream().filter(c -> c.type().equals("thumbnail")).findFirst().orElseThrow();
    assertThat(probeJob.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(effects(probeJob.id())).containsExactly("accepted");
    assertThat(thumbnailJob.status()).isEqualTo(JobStatus.FAILED);
    assertThat(thumbnailJob.failure().code()).isEqualTo("insufficient_credits");
    assertThat(thumbnailJob.creditsEstimated()).isEqualTo(5L);
    // The refusing hook's own write went with its savepoint; the parent's end stands.
    assertThat(effects(thumbnailJob.id())).isEmpty();
    assertThat(jobs.findById(parent.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }
}
