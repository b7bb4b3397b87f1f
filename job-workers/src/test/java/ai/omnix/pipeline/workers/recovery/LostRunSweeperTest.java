package ai.omnix.pipeline.workers.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.job.memory.InMemoryJobStore;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.workers.run.RunStateLookup;
import ai.omnix.pipeline.workers.run.RunStateLookup.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Lost-run recovery on the in-memory store, with time moved by hand. */
class LostRunSweeperTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final Map<UUID, RunState> executorRuns = new HashMap<>();
  private final Set<UUID> liveExecutors = new HashSet<>();
  private final LostRunSweeper sweeper =
      new LostRunSweeper(
          store,
          new RunStateLookup() {
            @Override
            public RunState stateOf(UUID runId) {
              return executorRuns.getOrDefault(runId, RunState.MISSING);
            }

            @Override
            public boolean isExecutorAlive(UUID executorId) {
              return liveExecutors.contains(executorId);
            }
          },
          clock,
          Duration.ofSeconds(30));
  private final Tenant tenant =
      new Tenant(new TenantId("t1"), "T1", Plan.PRO, "whsec_x", clock.instant());

  private JobId aJob(int maxAttempts) {
    JobSubmission submission =
        new JobSubmission("noop", JobInput.none(), Map.of(), null, Map.of(), 0);
    return store
        .insert(
            new NewJob(
                JobId.random(), tenant, submission, QueueClass.LIGHT, maxAttempts, 0, null, null))
        .job()
        .id();
  }

  private UUID dispatch(JobId id) {
    UUID run = UUID.randomUUID();
    assertThat(store.markDispatched(id, run)).isTrue();
    return run;
  }

  private JobRecord job(JobId id) {
    return store.findById(id).orElseThrow();
  }

  @Test
  void aHandOverThatNeverReachedTheExecutorIsQueuedAgainOnceQuietLongEnough() {
    JobId id = aJob(3);
    dispatch(id);
    clock.advance(Duration.ofSeconds(30));
    assertThat(sweeper.sweep()).as("not quiet for longer than 30 s yet").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sweeper.sweep()).isEqualTo(1);
    assertThat(job(id).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(id).dispatched()).isFalse();
    assertThat(store.dispatchCandidates(Map.of(), 10)).extracting(c -> c.id()).contains(id);
  }

  @Test
  void aRunTheExecutorStillHoldsIsLeftAloneHoweverQuiet() {
    JobId id = aJob(3);
    UUID run = dispatch(id);
    UUID executor = UUID.randomUUID();
    liveExecutors.add(executor);
    store.claim(id, run, "w", executor);
    executorRuns.put(run, RunState.LIVE);
    clock.advance(Duration.ofHours(1));
    assertThat(sweeper.sweep()).isZero();
    assertThat(job(id).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job(id).runId()).isEqualTo(run);
  }

  @Test
  void theAttemptsOfAnExecutorThatStoppedSendingHeartbeatsAreQueuedAgainAtOnce() {
    JobId id = aJob(3);
    UUID run = dispatch(id);
    store.claim(id, run, "w", UUID.randomUUID());
    executorRuns.put(run, RunState.LIVE);
    assertThat(sweeper.sweep()).as("no quiet period for a dead executor").isEqualTo(1);
    assertThat(job(id).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void aJobWhoseRunsKeepGettingLostFailsWorkerLostWhenItsAttemptsAreUsed() {
    JobId id = aJob(2);
    for (int attempt = 1; attempt <= 2; attempt++) {
      UUID run = dispatch(id);
      store.claim(id, run, "w", null);
      executorRuns.put(run, RunState.ENDED);
      clock.advance(Duration.ofMinutes(1));
      assertThat(sweeper.sweep()).isEqualTo(1);
    }
    assertThat(job(id).status()).isEqualTo(JobStatus.FAILED);
    assertThat(job(id).failure().code()).isEqualTo("worker_lost");
    assertThat(sweeper.sweep()).as("an ended job is not swept again").isZero();
  }
}
