package ai.omnix.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JobEventListener;
import ai.omnix.pipeline.store.job.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every job event written, by any path, wakes the process's LISTEN connection with the job's id; a
 * lost connection comes back and says so, since what was sent meanwhile is gone.
 */
class JobEventListenerIT {
  private static final StoreFixture STORE = new StoreFixture();

  private JobId next(BlockingQueue<JobId> woken) throws InterruptedException {
    JobId id = woken.poll(30, TimeUnit.SECONDS);
    assertThat(id).as("a notification within 30 s").isNotNull();
    return id;
  }

  @Test
  void eachEventWakesTheListenerWithItsJobAndALostConnectionComesBack() throws Exception {
    BlockingQueue<JobId> woken = new LinkedBlockingQueue<>();
    AtomicInteger reconnects = new AtomicInteger();
    try (JobEventListener listener =
        new JobEventListener(
                STORE.dataSource, woken::add, reconnects::incrementAndGet, Duration.ofMillis(200))
            .start()) {
      // The listener is up once it has a backend LISTENing.
      awaitListening();
      Tenant tenant = STORE.aTenant(Plan.PRO);

      JobRecord job = STORE.insert(tenant, QueueClass.LIGHT).job();
      assertThat(next(woken)).isEqualTo(job.id());

      UUID run = UUID.randomUUID();
      STORE.jobs.markDispatched(job.id(), run);
      STORE.jobs.claim(job.id(), run, "w1");
      assertThat(next(woken)).isEqualTo(job.id());
      STORE.jobs.reportProgress(job.id(), run, 40);
      assertThat(next(woken)).isEqualTo(job.id());

      STORE
          .jdbc
          .sql(
              "select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen%' or query = 'select 1'")
          .query()
          .listOfRows();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (reconnects.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(reconnects.get()).isPositive();
      awaitListening();
      woken.clear();

      STORE.jobs.succeed(job.id(), run, new JobResult(List.of(), Map.of()));
      assertThat(next(woken)).isEqualTo(job.id());
    }
  }

  private void awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      // pg_listening_channels() answers for its own session only: find the listener's backend by
      // the last statement it ran.
      Integer backends =
          STORE
              .jdbc
              .sql(
                  "select count(*) from pg_stat_activity where query ilike 'listen%' or query = 'select 1'")
              .query(Integer.class)
              .single();
      if (backends > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the listener did not connect within 30 s");
  }
}
