package ai.omnix.pipeline.store.provider;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.store.job.ProviderWaiters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ProviderAttemptLog} on the {@code provider_attempts} table. The single billed attempt per
 * job is enforced by a unique index, so two workers adopting two results of one job cannot both
 * bill it.
 */
public final class JdbcProviderAttemptLog implements ProviderAttemptLog {
  private static final int MAX_TEXT = 200;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcProviderAttemptLog(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public UUID start(JobId job, String provider, String model, long estimatedCredits) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
        insert into provider_attempts (id, job_id, provider, model, outcome, estimated_credits, started_at)
        values (?, ?, ?, ?, 'pending', ?, ?)""")
        .params(
            id,
            job.value(),
            clip(provider),
            clip(model),
            estimatedCredits,
            Timestamp.from(clock.instant()))
        .update();
    return id;
  }

  @Override
  public Optional<UUID> startWithin(
      JobId job, String provider, String model, long estimatedCredits, int maxInFlight) {
    String name = clip(provider);
    return tx.execute(
        status -> {
          // One provider's slots are counted and taken by one transaction at a time.
          jdbc.sql("select 1 from pg_advisory_xact_lock(hashtext(?))")
              .param("omnix.provider_capacity:" + name)
              .query()
              .listOfRows();
          if (inFlight(name) >= maxInFlight) {
            return Optional.<UUID>empty();
          }
          jdbc.sql("delete from provider_waiters where job_id = ?").param(job.value()).update();
          return Optional.of(start(job, provider, model, estimatedCredits));
        });
  }

  @Override
  public int inFlight(String provider) {
    return jdbc.sql(
            """
        select count(*) from provider_attempts
        where provider = ? and outcome = 'pending' and completed_at is null""")
        .param(clip(provider))
        .query(Integer.class)
        .single();
  }

  @Override
  public void awaitCapacity(JobId job, String provider) {
    jdbc.sql(
            """
        insert into provider_waiters (job_id, provider, since) values (?, ?, ?)
        on conflict (job_id) do update set provider = excluded.provider, woken_at = null""")
        .params(job.value(), clip(provider), Timestamp.from(clock.instant()))
        .update();
  }

  @Override
  public void completed(UUID attempt) {
    tx.executeWithoutResult(
        status -> {
          Timestamp now = Timestamp.from(clock.instant());
          jdbc.sql(
                  """
              update provider_attempts set completed_at = ?
              where id = ? and outcome = 'pending' and completed_at is null returning provider""")
              .params(now, attempt)
              .query(String.class)
              .optional()
              .ifPresent(provider -> ProviderWaiters.wakeOldest(jdbc, provider, now));
        });
  }

  @Override
  public void accepted(UUID attempt, String requestId) {
    jdbc.sql("update provider_attempts set request_id = ? where id = ? and outcome = 'pending'")
        .params(clip(requestId), attempt)
        .update();
  }

  @Override
  public boolean finish(UUID attempt, Outcome outcome, long costCredits, String errorCode) {
    if (outcome == Outcome.PENDING) {
      throw new IllegalArgumentException("an attempt cannot finish pending");
    }
    return Boolean.TRUE.equals(
        tx.execute(
            status -> {
              Timestamp now = Timestamp.from(clock.instant());
              Optional<Pending> pending =
                  jdbc.sql(
                          "select job_id, provider, completed_at is null from provider_attempts"
                              + " where id = ? and outcome = 'pending'")
                      .param(attempt)
                      .query(
                          (rs, n) ->
                              new Pending(
                                  rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)))
                      .optional();
              if (pending.isEmpty()) {
                return false;
              }
              boolean recorded =
                  record(pending.get().job(), attempt, outcome, costCredits, errorCode, now);
              // A slot frees when the provider is done: at completed(), or here if that never came.
              if (pending.get().holdsSlot()) {
                ProviderWaiters.wakeOldest(jdbc, pending.get().provider(), now);
              }
              return recorded;
            }));
  }

  private record Pending(UUID job, String provider, boolean holdsSlot) {}

  /** Inside {@link #finish}'s transaction, for a pending attempt of {@code job}. */
  private boolean record(
      UUID job, UUID attempt, Outcome outcome, long costCredits, String errorCode, Timestamp now) {
    if (outcome == Outcome.SUCCEEDED) {
      // Lock the job's attempts so the check and the billing below cannot interleave with
      // another worker's.
      jdbc.sql("select id from provider_attempts where job_id = ? for update")
          .param(job)
          .query()
          .listOfRows();
      boolean alreadyBilled =
          jdbc.sql("select count(*) from provider_attempts where job_id = ? and billed")
                  .param(job)
                  .query(Integer.class)
                  .single()
              > 0;
      if (alreadyBilled) {
        jdbc.sql(
                """
            update provider_attempts set outcome = 'discarded', cost_credits = ?, finished_at = ?
            where id = ? and outcome = 'pending'""")
            .params(costCredits, now, attempt)
            .update();
        return false;
      }
      return jdbc.sql(
                  """
          update provider_attempts set outcome = 'succeeded', billed = true, cost_credits = ?, finished_at = ?
          where id = ? and outcome = 'pending'""")
              .params(costCredits, now, attempt)
              .update()
          == 1;
    }
    return jdbc.sql(
                """
        update provider_attempts set outcome = ?, cost_credits = ?, error_code = ?, finished_at = ?
        where id = ? and outcome = 'pending'""")
            .params(outcome.wireName(), costCredits, clip(errorCode), now, attempt)
            .update()
        == 1;
  }

  @Override
  public List<ProviderAttempt> forJob(JobId job) {
    return jdbc.sql("select * from provider_attempts where job_id = ? order by seq")
        .param(job.value())
        .query(JdbcProviderAttemptLog::map)
        .list();
  }

  private static ProviderAttempt map(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new ProviderAttempt(
        rs.getObject("id", UUID.class),
        new JobId(rs.getObject("job_id", UUID.class)),
        rs.getString("provider"),
        rs.getString("model"),
        rs.getString("request_id"),
        Outcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
        rs.getLong("estimated_credits"),
        rs.getLong("cost_credits"),
        rs.getBoolean("billed"),
        rs.getString("error_code"),
        rs.getTimestamp("started_at").toInstant(),
        finished == null ? null : finished.toInstant());
  }

  private static String clip(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
