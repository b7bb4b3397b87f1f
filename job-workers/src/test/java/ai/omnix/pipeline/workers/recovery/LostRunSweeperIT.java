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
  private final LostRunSweeper sweeper = new LostRunSweeper(store.jobs,
      run -> executor.getOrDefault(run, RunState.MISSING), store.clock, Duration.ofSeconds(30));

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
}
