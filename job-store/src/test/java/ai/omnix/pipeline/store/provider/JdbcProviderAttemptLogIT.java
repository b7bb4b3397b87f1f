package ai.omnix.pipeline.store.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.testkit.provider.ProviderAttemptLogContract;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcProviderAttemptLogIT extends ProviderAttemptLogContract {
  private final StoreFixture store = new StoreFixture();
  private final JdbcProviderAttemptLog log =
      new JdbcProviderAttemptLog(
          store.jdbc,
          new TransactionTemplate(new DataSourceTransactionManager(store.dataSource)),
          store.clock);

  @Override
  protected ProviderAttemptLog log() {
    return log;
  }

  @Override
  protected JobId aJob() {
    return ((JobSubmissions.Created) store.insert(store.aTenant(Plan.PRO), QueueClass.IO_BOUND))
        .job()
        .id();
  }

  private JobId aSuspendedJob() {
    JobId id = aJob();
    UUID run = UUID.randomUUID();
    store.jobs.markDispatched(id, run);
    store.jobs.claim(id, run, "w");
    store.jobs.suspend(id, run, store.clock.instant().plus(Duration.ofHours(1)), "waiting");
    return id;
  }

  private Instant runAfter(JobId id) {
    return store.jobs.findById(id).orElseThrow().runAfter();
  }

  @Test
  void aFreedSlotWakesTheJobThatHasWaitedLongestForThatProvider() {
    JobId first = aSuspendedJob();
    JobId second = aSuspendedJob();
    JobId elsewhere = aSuspendedJob();
    log.awaitCapacity(first, "fal");
    store.clock.advance(Duration.ofSeconds(1));
    log.awaitCapacity(second, "fal");
    log.awaitCapacity(elsewhere, "google");
    UUID a = log.start(aJob(), "fal", "flux", 1);
    UUID b = log.start(aJob(), "fal", "flux", 1);
    Instant now = store.clock.instant();

    log.completed(a);
    assertThat(runAfter(first)).isEqualTo(now);
    assertThat(runAfter(second)).isAfter(now);
    log.finish(a, Outcome.SUCCEEDED, 1, null);
    assertThat(runAfter(second)).as("its slot was freed at completion already").isAfter(now);

    log.finish(b, Outcome.FAILED, 0, "provider_unavailable");
    assertThat(runAfter(second)).isEqualTo(now);
    assertThat(runAfter(elsewhere)).as("waits for another provider").isAfter(now);
  }

  @Test
  void aJobWokenWhileItRunsResumesAsSoonAsItSuspends() {
    JobId job = aJob();
    UUID run = UUID.randomUUID();
    store.jobs.markDispatched(job, run);
    store.jobs.claim(job, run, "w");
    log.awaitCapacity(job, "fal");
    UUID busy = log.start(aJob(), "fal", "flux", 1);

    log.finish(busy, Outcome.SUCCEEDED, 1, null);
    store.jobs.suspend(job, run, store.clock.instant().plus(Duration.ofMinutes(5)), "waiting");

    assertThat(runAfter(job)).isEqualTo(store.clock.instant());
  }

  @Test
  void aWokenJobThatLostTheSlotToANewcomerWaitsAgainAtItsPlace() {
    JobId older = aSuspendedJob();
    JobId younger = aSuspendedJob();
    log.awaitCapacity(older, "fal");
    store.clock.advance(Duration.ofSeconds(1));
    log.awaitCapacity(younger, "fal");
    UUID busy = log.startWithin(aJob(), "fal", "flux", 1, 1).orElseThrow();
    log.completed(busy);
    assertThat(runAfter(older)).isEqualTo(store.clock.instant());
    log.startWithin(aJob(), "fal", "flux", 1, 1).orElseThrow(); // a newcomer came first

    assertThat(log.startWithin(older, "fal", "flux", 1, 1)).isEmpty();
    log.awaitCapacity(older, "fal");
    store
        .jdbc
        .sql("update jobs set run_after = run_after + interval '1 hour' where id = ?")
        .param(older.value())
        .update();
    store.clock.advance(Duration.ofSeconds(1));
    log.finish(log.start(aJob(), "fal", "flux", 1), Outcome.FAILED, 0, "provider_unavailable");

    assertThat(runAfter(older)).isEqualTo(store.clock.instant());
    assertThat(runAfter(younger)).isAfter(store.clock.instant());
  }

  @Test
  void aJobThatEndsWakesAWaiterOnlyForAnOperationStillAtTheProvider() {
    JobId first = aSuspendedJob();
    JobId second = aSuspendedJob();
    log.awaitCapacity(first, "fal");
    store.clock.advance(Duration.ofSeconds(1));
    log.awaitCapacity(second, "fal");
    JobId ending = aJob();
    UUID run = UUID.randomUUID();
    store.jobs.markDispatched(ending, run);
    store.jobs.claim(ending, run, "w");
    UUID done = log.start(ending, "fal", "flux", 1);
    log.completed(done); // its slot went to the first waiter here
    assertThat(runAfter(first)).isEqualTo(store.clock.instant());

    store.jobs.fail(ending, run, new ai.omnix.pipeline.core.job.JobFailure("x", "ended", false));

    assertThat(runAfter(second))
        .as("no slot was freed by the job's end")
        .isAfter(store.clock.instant());
  }
}
