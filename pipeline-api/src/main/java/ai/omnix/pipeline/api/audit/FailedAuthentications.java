package ai.omnix.pipeline.api.audit;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.audit.AuditEvent;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits failed authentications without letting a flood of bad keys flood the log: per client
 * address, the first failure is recorded at once and opens a window; failures within the window are
 * counted, and the next event for that address (its next failure after the window, or {@link
 * #flush} once the window is over) records how many it stands for ({@code failures}). So an address
 * gets at most one event per window, and every failure is counted. At most {@code maxAddresses}
 * addresses are tracked per process; failures from further addresses share one bucket (address
 * {@code null}, {@code "addresses": "overflow"}), so memory and events stay bounded whatever the
 * number of addresses. Counts held when a process dies are lost. Never throws. Thread-safe.
 */
public final class FailedAuthentications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FailedAuthentications.class);
  private static final String OVERFLOW = "";

  private final AuditLog audit;
  private final Clock clock;
  private final Duration window;
  private final int maxAddresses;
  private final Map<String, Window> windows = new HashMap<>();
  private ScheduledExecutorService flusher;

  public FailedAuthentications(AuditLog audit, Clock clock, Duration window, int maxAddresses) {
    this.audit = audit;
    this.clock = clock;
    this.window = window;
    this.maxAddresses = maxAddresses;
  }

  private static final class Window {
    Instant start;
    int unreported;
    Instant firstUnreported;
    String reason;
    String path;
    String userAgent;

    Window(Instant start) {
      this.start = start;
    }
  }

  private record Report(String address, int failures, Instant since, Window last) {}

  /**
   * A request from {@code address} was refused for its credentials.
   *
   * @param reason {@code missing}, {@code invalid}, {@code throttled}
   */
  public void failed(String address, String reason, String path, String userAgent) {
    Report report;
    synchronized (this) {
      Instant now = clock.instant();
      String key = address == null ? OVERFLOW : address;
      Window w = windows.get(key);
      if (w == null && windows.size() >= maxAddresses) {
        key = OVERFLOW;
        w = windows.get(key);
      }
      if (w != null && now.isBefore(w.start.plus(window))) {
        if (w.unreported++ == 0) {
          w.firstUnreported = now;
        }
        w.reason = reason;
        w.path = path;
        w.userAgent = userAgent;
        return;
      }
      Window next = new Window(now);
      next.reason = reason;
      next.path = path;
      next.userAgent = userAgent;
      windows.put(key, next);
      report =
          new Report(
              key,
              1 + (w == null ? 0 : w.unreported),
              w == null || w.unreported == 0 ? now : w.firstUnreported,
              next);
    }
    write(report);
  }

  /**
   * Records the failures held in windows that are over, and forgets quiet addresses. Call it about
   * once per window.
   */
  public void flush() {
    List<Report> reports = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      var it = windows.entrySet().iterator();
      while (it.hasNext()) {
        var entry = it.next();
        Window w = entry.getValue();
        if (now.isBefore(w.start.plus(window))) {
          continue;
        }
        if (w.unreported == 0) {
          it.remove();
        } else {
          reports.add(new Report(entry.getKey(), w.unreported, w.firstUnreported, w));
          Window next = new Window(now);
          entry.setValue(next);
        }
      }
    }
    reports.forEach(this::write);
  }

  /** Flushes on a daemon thread four times per window until {@link #close}. */
  public synchronized void startFlushing() {
    if (flusher == null) {
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "failed-authentication-audit");
                thread.setDaemon(true);
                return thread;
              });
      long period = Math.max(1, window.toMillis() / 4);
      flusher.scheduleWithFixedDelay(this::flush, period, period, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (flusher != null) {
      flusher.shutdownNow();
      flusher = null;
    }
  }

  private void write(Report r) {
    try {
      audit.record(
          AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, Actor.anonymous())
              .action("authenticate")
              .client(r.address().equals(OVERFLOW) ? null : r.address(), r.last().userAgent)
              .success(false)
              .with("failures", r.failures())
              .with("first_at", r.since().toString())
              .with("reason", r.last().reason)
              .with("path", r.last().path == null ? null : truncate(r.last().path))
              .with("window_seconds", window.toSeconds())
              .with("addresses", r.address().equals(OVERFLOW) ? "overflow" : null)
              .build());
    } catch (RuntimeException e) {
      log.warn("could not audit {} failed authentication(s) from {}", r.failures(), r.address(), e);
    }
  }

  private static String truncate(String path) {
    return path.length() <= 200 ? path : path.substring(0, 200);
  }
}
