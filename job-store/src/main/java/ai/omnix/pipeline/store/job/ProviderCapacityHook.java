package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A job that ended waits on no provider: its pending provider calls are abandoned (and not billed),
 * the slots of those still at the provider go to the oldest waiters, and it leaves the wait queue.
 */
public final class ProviderCapacityHook implements JobEndHook {
  private final JdbcClient jdbc;

  public ProviderCapacityHook(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void jobEnded(EndedJob job) {
    Timestamp now = Timestamp.from(job.finishedAt());
    jdbc.sql(
            """
        with ended as (
          update provider_attempts set outcome = 'abandoned', finished_at = ?
          where job_id = ? and outcome = 'pending' returning provider, completed_at)
        select provider from ended where completed_at is null""")
        .params(now, job.id().value())
        .query(String.class)
        .list()
        // Only attempts still at the provider free a slot; the others freed theirs.
        .forEach(provider -> ProviderWaiters.wakeOldest(jdbc, provider, now));
    ProviderWaiters.forget(jdbc, job.id().value());
  }
}
