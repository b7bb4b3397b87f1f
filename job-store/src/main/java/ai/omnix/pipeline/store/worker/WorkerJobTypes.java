package ai.omnix.pipeline.store.worker;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job types each worker process runs, as the workers advertise them with a heartbeat. A worker
 * not seen for {@link #LIVE_WITHIN} counts as gone. Thread-safe.
 */
public class WorkerJobTypes {
  /** How often a worker advertises its types. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** A worker whose last heartbeat is older than this no longer counts. */
  public static final Duration LIVE_WITHIN = Duration.ofSeconds(45);

  private static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final JdbcClient jdbc;
  private final Clock clock;

  public WorkerJobTypes(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records that {@code worker} is alive and runs {@code types}; forgets long-gone workers. */
  public void advertise(String worker, Collection<String> types) {
    Instant now = clock.instant();
    jdbc.sql(
            """
        insert into worker_job_types (worker, job_types, seen_at) values (?, ?, ?)
        on conflict (worker) do update set job_types = excluded.job_types, seen_at = excluded.seen_at""")
        .params(worker, new TreeSet<>(types).toArray(String[]::new), Timestamp.from(now))
        .update();
    jdbc.sql("delete from worker_job_types where seen_at < ?")
        .param(Timestamp.from(now.minus(FORGET_AFTER)))
        .update();
  }

  /** Takes a stopping worker's types back at once rather than when its heartbeat goes stale. */
  public void withdraw(String worker) {
    jdbc.sql("delete from worker_job_types where worker = ?").param(worker).update();
  }

  /**
   * The types some live worker runs; empty when no worker is live at all (workers restarting, or
   * none deployed yet), which callers take as "unknown", not as "none".
   */
  public Optional<Set<String>> liveTypes() {
    Instant since = clock.instant().minus(LIVE_WITHIN);
    Set<String> types = new TreeSet<>();
    int workers =
        jdbc.sql("select job_types from worker_job_types where seen_at >= ?")
            .param(Timestamp.from(since))
            .query(
                (rs, n) -> {
                  types.addAll(Set.of((String[]) rs.getArray(1).getArray()));
                  return n;
                })
            .list()
            .size();
    return workers == 0 ? Optional.empty() : Optional.of(Set.copyOf(types));
  }

  /** {@link #liveTypes()}, read at most once per {@code maxAge}: for hot paths. */
  public Supplier<Optional<Set<String>>> cached(Duration maxAge) {
    return new Supplier<>() {
      private Optional<Set<String>> value;
      private long readAt;

      @Override
      public synchronized Optional<Set<String>> get() {
        long now = System.nanoTime();
        if (value == null || now - readAt > maxAge.toNanos()) {
          value = liveTypes();
          readAt = now;
        }
        return value;
      }
    };
  }
}
