package ai.omnix.pipeline.workers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.job.memory.InMemoryJobStore;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.workers.run.RunEnqueuer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dispatcher's sharing rules on the in-memory store: no database, no executor. */
class FairDispatcherTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final List<RunEnqueuer.Run> handedOver = new ArrayList<>();
  private boolean executorDown;
  private final RunEnqueuer enqueuer =
      runs -> {
        if (executorDown) {
          throw new IllegalStateException("executor down");
        }
        handedOver.addAll(runs);
      };

  private FairDispatcher dispatcher(int slots, DispatchLimits limits) {
    return new FairDispatcher(store, enqueuer, () -> slots, limits, clock);
  }

  /** Every class may take every slot, one run per slot. */
  private static DispatchLimits plain() {
    return new DispatchLimits(1.0, 1.0, 0.0, 1.0, 5_000);
  }

  private static Tenant tenant(String id, Plan plan) {
    return new Tenant(new TenantId(id), id, plan, "whsec_x", Instant.EPOCH);
  }

  private List<JobId> submit(Tenant tenant, QueueClass queueClass, int n) {
    List<JobId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JobSubmission submission =
          new JobSubmission("noop", JobInput.none(), Map.of(), null, Map.of(), 0);
      ids.add(
          store
              .insert(new NewJob(JobId.random(), tenant, submission, queueClass, 3, 0, null, null))
              .job()
              .id());
      clock.advance(Duration.ofMillis(1));
    }
    return ids;
  }

  private Map<String, Long> perTenant() {
    return handedOver.stream()
        .collect(Collectors.groupingBy(RunEnqueuer.Run::tenantId, Collectors.counting()));
  }

  @Test
  void aTenantWithADeepBacklogDoesNotTakeTheSlotsOfOneThatCameLater() {
    submit(tenant("early", Plan.PRO), QueueClass.LIGHT, 20);
    submit(tenant("late", Plan.PRO), QueueClass.LIGHT, 20);
    assertThat(dispatcher(8, plain()).dispatchOnce()).isEqualTo(8);
    assertThat(perTenant()).as("PRO runs 4 at once").isEqualTo(Map.of("early", 4L, "late", 4L));
    assertThat(store.runsHandedOverNotices()).isEqualTo(1);
  }

  @Test
  void aTenantNeverRunsMoreThanItsPlanAllowsEvenWithSlotsFree() {
    submit(tenant("free", Plan.FREE), QueueClass.LIGHT, 5);
    FairDispatcher dispatcher = dispatcher(16, plain());
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(dispatcher.dispatchOnce()).as("its one job is still in flight").isZero();

    RunEnqueuer.Run run = handedOver.get(0);
    JobId id = new JobId(run.jobId());
    store.claim(id, run.runId(), "w");
    store.succeed(id, run.runId(), JobResult.of(Map.of()));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
  }

  @Test
  void heavyJobsKeepOutOfTheSlotsReservedForLightOnes() {
    Tenant team = tenant("team", Plan.TEAM);
    submit(team, QueueClass.HEAVY, 8);
    FairDispatcher dispatcher = dispatcher(4, new DispatchLimits(0.5, 0.75, 0.25, 1.0, 5_000));
    assertThat(dispatcher.dispatchOnce()).as("half of 4 slots").isEqualTo(2);
    submit(team, QueueClass.LIGHT, 4);
    assertThat(dispatcher.dispatchOnce()).isEqualTo(2);
    Function<RunEnqueuer.Run, String> queue = RunEnqueuer.Run::queueClass;
    assertThat(handedOver.stream().map(queue).toList())
        .containsExactly("heavy", "heavy", "light", "light");
  }

  @Test
  void aFailedHandOverIsTakenBackSoTheNextPassHandsItOverAgain() {
    List<JobId> ids = submit(tenant("t1", Plan.PRO), QueueClass.LIGHT, 2);
    FairDispatcher dispatcher = dispatcher(4, plain());
    executorDown = true;
    assertThat(dispatcher.dispatchOnce()).isZero();
    assertThat(store.inFlight()).isEmpty();
    executorDown = false;
    assertThat(dispatcher.dispatchOnce()).isEqualTo(2);
    assertThat(handedOver).extracting(r -> new JobId(r.jobId())).containsExactlyElementsOf(ids);
  }

  @Test
  void onlyTypesALiveWorkerRunsAreHandedOver() {
    submit(tenant("t1", Plan.PRO), QueueClass.LIGHT, 2);
    FairDispatcher dispatcher =
        new FairDispatcher(
            store, enqueuer, () -> 4, plain(), clock, () -> Optional.of(Set.of("transcode")));
    assertThat(dispatcher.dispatchOnce()).isZero();
  }

  @Test
  void theLoopIsToldWhenTheEarliestWaitingJobFallsDue() {
    FairDispatcher dispatcher = dispatcher(4, plain());
    assertThat(dispatcher.untilNextDue()).isEmpty();
    JobId id = submit(tenant("t1", Plan.PRO), QueueClass.LIGHT, 1).get(0);
    dispatcher.dispatchOnce();
    RunEnqueuer.Run run = handedOver.get(0);
    store.claim(id, run.runId(), "w");
    store.retryLater(
        id,
        run.runId(),
        new ai.omnix.pipeline.core.job.JobFailure("flaky", "again", true),
        clock.instant().plusSeconds(20));
    assertThat(dispatcher.untilNextDue()).contains(Duration.ofSeconds(20));
    clock.advance(Duration.ofSeconds(15));
    assertThat(dispatcher.untilNextDue()).contains(Duration.ofSeconds(5));
    assertThat(dispatcher.dispatchOnce()).as("not due yet").isZero();
    clock.advance(Duration.ofSeconds(5));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
  }
}
