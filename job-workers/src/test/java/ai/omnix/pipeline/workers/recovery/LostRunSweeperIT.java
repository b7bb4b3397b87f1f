package ai.omnix.pipeline.workers.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.workers.run.RunStateLookup.RunState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LostRunSweeperIT {
  private final StoreFixture store = new StoreFixture();
  private final Map<UUID, RunState> executor = new HashMap<>();
  private final java.util.Set<UUID> liveExecutors = new java.util.HashSet<>();
  private final LostRunSweeper sweeper =
      new LostRunSweeper(
          store.jobs,
          new ai.omnix.pipeline.workers.run.RunStateLookup() {
            @Override
            public RunState stateOf(UUID runId) {
              return executor.getOrDefault(runId, RunState.MISSING);
            }

            @Override
            public boolean isExecutorAlive(UUID executorId) {
              return liveExecutors.contains(executorId);
            }
          },
          store.clock,
          Duration.ofSeconds(30));

  private JobId aDispatchedJob(UUID run) {
    JobId id = store.insert(store.aTenant(Plan.PRO), QueueClass.LIGHT).job().id();
    store.jobs.markDispatched(id, run);
    return id;
  }

  @Test
  void requeuesAJobWhoseHandOverWasLostOnceItHasBeenQuietLongEnough() {
    UUID run = UUID.randomUUID();
    JobId id = aDispatchedJob(run);
    assertThat(sweeper.sweep()).as("too recent to judge").isZero();
    store.clock.advance(Duration.ofSeconds(31));
    assertThat(sweeper.sweep()).isEqualTo(1);
    var job = store.jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.dispatched()).isFalse();
  }

  @Test
  void leavesLiveRunsAlone() {
    UUID run = UUID.randomUUID();
    JobId id = aDispatchedJob(run);
    store.jobs.claim(id, run, "w");
    executor.put(run, RunState.LIVE);
    store.clock.advance(Duration.ofMinutes(5));
    assertThat(sweeper.sweep()).isZero();
    assertThat(store.jobs.findById(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void failsAJobThatLostItsRunWithNoAttemptsLeft() {
    UUID run = UUID.randomUUID();
    JobId id = aDispatchedJob(run);
    for (int i = 0; i < 3; i++) {
      store.jobs.claim(id, run, "w" + i);
    }
    executor.put(run, RunState.ENDED);
    store.clock.advance(Duration.ofMinutes(1));
    sweeper.sweep();
    var job = store.jobs.findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.failure().code()).isEqualTo("worker_lost");
  }

  @Test
  void requeuesAtOnceTheAttemptsOfAnExecutorThatStoppedSendingHeartbeats() {
    UUID alive = UUID.randomUUID();
    UUID dead = UUID.randomUUID();
    liveExecutors.add(alive);
    UUID healthyRun = UUID.randomUUID();
    JobId healthy = aDispatchedJob(healthyRun);
    store.jobs.claim(healthy, healthyRun, "w1", alive);
    UUID orphanRun = UUID.randomUUID();
    JobId orphan = aDispatchedJob(orphanRun);
    store.jobs.claim(orphan, orphanRun, "w2", dead);
    executor.put(healthyRun, RunState.LIVE);
    executor.put(orphanRun, RunState.LIVE);

    assertThat(sweeper.sweep()).isEqualTo(1);
    assertThat(store.jobs.findById(healthy).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    var requeued = store.jobs.findById(orphan).orElseThrow();
    assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(requeued.dispatched()).isFalse();
    assertThat(requeued.attempts()).isEqualTo(1);
    // the dead executor's run comes back late: it can no longer claim the job
    assertThat(store.jobs.claim(orphan, orphanRun, "w2", dead)).isEmpty();
  }
}
