package ai.omnix.pipeline.workers.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.worker.WorkerJobTypes;
import ai.omnix.pipeline.workers.run.RunEnqueuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch policy against a real store; the executor is a recorder, so each pass is
 * deterministic.
 */
class FairDispatcherIT {
  private StoreFixture store;
  private final List<RunEnqueuer.Run> handedOver = new ArrayList<>();

  @BeforeEach
  void freshStore() {
    store = new StoreFixture();
  }

  private FairDispatcher dispatcher(int slots, double overcommit) {
    return new FairDispatcher(
        store.jobs,
        handedOver::addAll,
        () -> slots,
        new DispatchLimits(0.5, 0.75, 0.25, overcommit, 5_000),
        store.clock);
  }

  private Map<String, Long> handedOverByTenant() {
    return handedOver.stream()
        .collect(Collectors.groupingBy(RunEnqueuer.Run::tenantId, Collectors.counting()));
  }

  private void finishAll() {
    for (RunEnqueuer.Run run : handedOver) {
      store.jobs.claim(new JobId(run.jobId()), run.runId(), "w");
      store.jobs.succeed(new JobId(run.jobId()), run.runId(), JobResult.of(Map.of()));
    }
    handedOver.clear();
  }

  @Test
  void handsOverOnlyJobsOfATypeSomeLiveWorkerRunsAndTheOthersDoNotBlockTheirTenant() {
    WorkerJobTypes workers = new WorkerJobTypes(store.jdbc, store.clock);
    workers.advertise("worker-a", List.of("noop"));
    Tenant free = store.aTenant(Plan.FREE);
    JobId transcode =
        store
            .jobs
            .insert(
                StoreFixture.aNewJob(
                    free,
                    new JobSubmission("transcode", JobInput.none(), Map.of(), null, Map.of(), 0),
                    QueueClass.LIGHT))
            .job()
            .id();
    store.clock.advance(Duration.ofSeconds(1));
    JobId noop = store.insert(free, QueueClass.LIGHT).job().id();
    FairDispatcher dispatcher =
        new FairDispatcher(
            store.jobs,
            handedOver::addAll,
            () -> 32,
            new DispatchLimits(0.5, 0.75, 0.25, 2.0, 5_000),
            store.clock,
            workers::liveTypes);

    dispatcher.dispatchOnce();
    assertThat(handedOver).extracting(RunEnqueuer.Run::jobId).containsExactly(noop.value());
    finishAll();

    dispatcher.dispatchOnce();
    assertThat(handedOver).as("no live worker runs transcode: it waits queued").isEmpty();
    assertThat(store.jobs.findById(transcode).orElseThrow().dispatched()).isFalse();

    workers.advertise("worker-b", List.of("noop", "transcode"));
    dispatcher.dispatchOnce();
    assertThat(handedOver).extracting(RunEnqueuer.Run::jobId).containsExactly(transcode.value());

    store.clock.advance(WorkerJobTypes.LIVE_WITHIN.plusSeconds(1));
    assertThat(workers.liveTypes()).as("no heartbeat within the window: nothing known").isEmpty();
  }

  @Test
  void aTenantNeverHasMoreJobsInFlightThanItsPlanAllows() {
    Tenant free = store.aTenant(Plan.FREE);
    Tenant pro = store.aTenant(Plan.PRO);
    for (int i = 0; i < 10; i++) {
      store.insert(free, QueueClass.LIGHT);
      store.insert(pro, QueueClass.LIGHT);
    }
    dispatcher(32, 2.0).dispatchOnce();
    assertThat(handedOverByTenant())
        .containsEntry(free.id().value(), (long) Plan.FREE.maxConcurrentJobs())
        .containsEntry(pro.id().value(), (long) Plan.PRO.maxConcurrentJobs());
    dispatcher(32, 2.0).dispatchOnce();
    assertThat(handedOver).hasSize(Plan.FREE.maxConcurrentJobs() + Plan.PRO.maxConcurrentJobs());
  }

  @Test
  void heavyJobsNeverTakeTheSlotsReservedForLightJobs() {
    Tenant flooder = store.aTenant(Plan.ENTERPRISE);
    Tenant other = store.aTenant(Plan.ENTERPRISE);
    for (int i = 0; i < 40; i++) {
      store.insert(flooder, QueueClass.HEAVY);
      store.insert(other, QueueClass.HEAVY);
    }
    FairDispatcher dispatcher = dispatcher(8, 1.0);
    dispatcher.dispatchOnce();
    long heavy = handedOver.stream().filter(r -> r.queueClass().equals("heavy")).count();
    assertThat(heavy).as("heavy share of 8 slots").isEqualTo(4);

    Tenant small = store.aTenant(Plan.FREE);
    JobId light = store.insert(small, QueueClass.LIGHT).job().id();
    dispatcher.dispatchOnce();
    assertThat(handedOver).extracting(RunEnqueuer.Run::jobId).contains(light.value());
    assertThat(handedOver.stream().filter(r -> r.queueClass().equals("heavy")).count())
        .isEqualTo(4);
  }

  @Test
  void higherPlansAreDispatchedFirstWhenSlotsAreScarce() {
    Tenant free = store.aTenant(Plan.FREE);
    Tenant enterprise = store.aTenant(Plan.ENTERPRISE);
    store.insert(free, QueueClass.LIGHT);
    for (int i = 0; i < 3; i++) {
      store.insert(enterprise, QueueClass.LIGHT);
    }
    dispatcher(2, 1.0).dispatchOnce();
    assertThat(handedOverByTenant()).containsOnlyKeys(enterprise.id().value());
    finishAll();
    dispatcher(2, 1.0).dispatchOnce();
    assertThat(handedOverByTenant())
        .containsEntry(enterprise.id().value(), 1L)
        .containsEntry(free.id().value(), 1L);
  }

  @Test
  void keepsTheExecutorFedUpToTheOvercommitAndNoFurther() {
    Tenant enterprise = store.aTenant(Plan.ENTERPRISE);
    Tenant team = store.aTenant(Plan.TEAM);
    for (int i = 0; i < 30; i++) {
      store.insert(enterprise, QueueClass.LIGHT);
      store.insert(team, QueueClass.LIGHT);
    }
    dispatcher(10, 2.0).dispatchOnce();
    assertThat(handedOver).hasSize(20);
    dispatcher(10, 2.0).dispatchOnce();
    assertThat(handedOver).as("nothing more until runs finish").hasSize(20);
  }

  @Test
  void aFailedHandOverIsTakenBackAndDispatchedLater() {
    Tenant tenant = store.aTenant(Plan.PRO);
    JobId job = store.insert(tenant, QueueClass.LIGHT).job().id();
    new FairDispatcher(
            store.jobs,
            runs -> {
              throw new IllegalStateException("executor down");
            },
            () -> 4,
            DispatchLimits.defaults(),
            store.clock)
        .dispatchOnce();
    assertThat(store.jobs.findById(job).orElseThrow().dispatched()).isFalse();

    dispatcher(4, 1.0).dispatchOnce();
    assertThat(handedOver).extracting(RunEnqueuer.Run::jobId).containsExactly(job.value());
  }

  @Test
  void tellsWhenTheNextSuspendedJobFallsDue() {
    FairDispatcher dispatcher = dispatcher(4, 1.0);
    assertThat(dispatcher.untilNextDue()).as("nothing waits").isEmpty();
    Tenant tenant = store.aTenant(Plan.PRO);
    JobId later = store.insert(tenant, QueueClass.LIGHT).job().id();
    JobId sooner = store.insert(tenant, QueueClass.LIGHT).job().id();
    dispatcher.dispatchOnce();
    for (RunEnqueuer.Run run : handedOver) {
      JobId id = new JobId(run.jobId());
      store.jobs.claim(id, run.runId(), "w");
      Duration wait = id.equals(later) ? Duration.ofSeconds(30) : Duration.ofSeconds(2);
      store.jobs.suspend(id, run.runId(), store.clock.instant().plus(wait), "waiting_for_provider");
    }
    handedOver.clear();

    assertThat(dispatcher.untilNextDue()).contains(Duration.ofSeconds(2));
    assertThat(dispatcher.dispatchOnce()).as("not due yet").isZero();

    store.clock.advance(Duration.ofSeconds(2));
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(handedOver).extracting(RunEnqueuer.Run::jobId).containsExactly(sooner.value());
    assertThat(dispatcher.untilNextDue()).contains(Duration.ofSeconds(28));
  }

  @Test
  void dispatchesNothingWithoutLiveWorkers() {
    store.insert(store.aTenant(Plan.PRO), QueueClass.LIGHT);
    assertThat(dispatcher(0, 2.0).dispatchOnce()).isZero();
    assertThat(handedOver).isEmpty();
  }
}
