package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one {@code LISTEN omnix_job_events} connection: tells {@code onEvent} which job got
 * a new event (a trigger on {@code job_events} notifies). When the connection is lost it reconnects
 * with a growing pause and then calls {@code onReconnect}, since notifications sent meanwhile are
 * gone. The connection is checked with a query each {@code checkEvery}, so a half-open socket is
 * noticed too.
 */
public final class JobEventListener implements AutoCloseable {
  public static final String CHANNEL = "omnix_job_events";
  private static final Logger log = LoggerFactory.getLogger(JobEventListener.class);

  private final DataSource dataSource;
  private final Consumer<JobId> onEvent;
  private final Runnable onReconnect;
  private final Duration checkEvery;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;

  public JobEventListener(
      DataSource dataSource, Consumer<JobId> onEvent, Runnable onReconnect, Duration checkEvery) {
    this.dataSource = dataSource;
    this.onEvent = onEvent;
    this.onReconnect = onReconnect;
    this.checkEvery = checkEvery;
    this.thread = new Thread(this::run, "job-event-listener");
    this.thread.setDaemon(true);
  }

  public JobEventListener start() {
    thread.start();
    return this;
  }

  private void run() {
    long pauseMillis = 100;
    boolean first = true;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        if (!first) {
          onReconnect.run();
        }
        first = false;
        pauseMillis = 100;
        while (running) {
          PGNotification[] notifications = pg.getNotifications((int) checkEvery.toMillis());
          if (notifications == null || notifications.length == 0) {
            try (Statement s = c.createStatement()) {
              s.execute("select 1");
            }
            continue;
          }
          for (PGNotification n : notifications) {
            try {
              onEvent.accept(new JobId(UUID.fromString(n.getParameter())));
            } catch (IllegalArgumentException notAJobId) {
              log.debug("ignored a notification that names no job: {}", n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("job event listener lost its connection ({}); reconnecting", e.toString());
        first = false;
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        pauseMillis = Math.min(pauseMillis * 2, 5_000);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing is all we wanted
      }
    }
    thread.interrupt();
  }
}
