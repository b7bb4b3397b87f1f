package ai.omnix.pipeline.workers.dispatch;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pass whenever PostgreSQL notifies a channel (a job was submitted, a run finished), when
 * the pass's {@code nextWake} says work falls due (a suspended job's resume time), and at least
 * every {@code interval} otherwise. Notifications and wake-ups only make it faster: correctness
 * never depends on them, which is why a lost connection just falls back to polling until it is
 * back.
 */
public final class DispatchLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

  private final String name;
  private final DataSource dataSource;
  private final String channel;
  private final Duration interval;
  private final Runnable pass;
  private final Supplier<Optional<Duration>> nextWake;
  private final Thread thread;
  private volatile boolean running = true;

  public DispatchLoop(
      String name, DataSource dataSource, String channel, Duration interval, Runnable pass) {
    this(name, dataSource, channel, interval, pass, Optional::empty);
  }

  /**
   * @param nextWake asked after each pass: how long until the next work falls due, if any is known
   */
  public DispatchLoop(
      String name,
      DataSource dataSource,
      String channel,
      Duration interval,
      Runnable pass,
      Supplier<Optional<Duration>> nextWake) {
    this.name = name;
    this.nextWake = nextWake;
    this.dataSource = dataSource;
    this.channel = channel;
    this.interval = interval;
    this.pass = pass;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + channel);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          runPass();
          pg.getNotifications(waitMillis());
        }
      } catch (Exception e) {
        if (!running) {
          return;
        }
        log.warn("{}: lost its database connection; polling until it is back", name, e);
        sleepQuietly(interval.multipliedBy(5));
        runPass();
      }
    }
  }

  private void runPass() {
    try {
      pass.run();
    } catch (RuntimeException e) {
      log.warn("{}: pass failed; will try again", name, e);
    }
  }

  /** At least 1 ms: PostgreSQL's driver reads 0 as "wait until a notification comes". */
  private int waitMillis() {
    long wait = interval.toMillis();
    try {
      Optional<Duration> due = nextWake.get();
      if (due.isPresent()) {
        wait = Math.min(wait, due.get().toMillis());
      }
    } catch (RuntimeException e) {
      log.debug("{}: could not tell when work falls due; waiting the full interval", name, e);
    }
    return (int) Math.max(1, wait);
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
