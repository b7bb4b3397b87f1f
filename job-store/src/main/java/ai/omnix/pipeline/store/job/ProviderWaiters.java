package ai.omnix.pipeline.store.job;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The queue of jobs waiting for a free slot at a provider ({@code provider_waiters}), oldest first.
 * A freed slot wakes the oldest waiter not yet woken: it is made due at once, or, if it is running
 * right now, resumes as soon as it suspends ({@link RunStore#suspend}). A woken job keeps its place
 * until it takes a slot; if another took it first, it waits again where it was. Call inside the
 * transaction that freed the slot.
 */
public final class ProviderWaiters {
  private ProviderWaiters() {}

  public static void wakeOldest(JdbcClient jdbc, String provider, Timestamp now) {
    // A waiter that is running right now is flagged instead: its next suspension ends at once.
    List<Boolean> wasRunning =
        jdbc.sql(
                """
        with w as (
          update provider_waiters set woken_at = ?
          where job_id = (
            select job_id from provider_waiters where provider = ? and woken_at is null
            order by since limit 1 for update skip locked)
          returning job_id)
        update jobs set run_after = case when dispatched then run_after else ? end,
          wake_requested = dispatched
        where id in (select job_id from w) and status = 'running'
        returning dispatched""")
            .params(now, provider, now)
            .query(Boolean.class)
            .list();
    if (wasRunning.contains(Boolean.FALSE)) {
      jdbc.sql("select pg_notify(?, '')")
          .param(DispatchStore.DISPATCH_CHANNEL)
          .query()
          .listOfRows();
    }
  }

  /** A job that ended waits for nothing. */
  static void forget(JdbcClient jdbc, UUID job) {
    jdbc.sql("delete from provider_waiters where job_id = ?").param(job).update();
  }
}
