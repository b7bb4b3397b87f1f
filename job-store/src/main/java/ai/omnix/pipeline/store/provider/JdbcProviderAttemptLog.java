package ai.omnix.pipeline.store.provider;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
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
              if (outcome == Outcome.SUCCEEDED) {
                // Lock the job's attempts so the check and the billing below cannot interleave with
                // another worker's.
                UUID job =
                    jdbc.sql("select job_id from provider_attempts where id = ?")
                        .param(attempt)
                        .query(UUID.class)
                        .optional()
                        .orElse(null);
                if (job == null) {
                  return false;
                }
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
            }));
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
