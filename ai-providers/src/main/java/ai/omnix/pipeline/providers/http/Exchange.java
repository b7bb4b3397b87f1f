package ai.omnix.pipeline.providers.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/** One request in flight: the alarm that ends it at its deadline, and why it ended. */
final class Exchange {
  private static final long INTERRUPT_CHECK_MS = 100;
  private static final ScheduledThreadPoolExecutor ALARMS = alarms();
  private static final Set<Exchange> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // A blocked socket read ignores Thread.interrupt(): this closes the connection under it
    // instead.
    ALARMS.scheduleWithFixedDelay(
        () -> LIVE.forEach(Exchange::cancelIfOwnerInterrupted),
        INTERRUPT_CHECK_MS,
        INTERRUPT_CHECK_MS,
        TimeUnit.MILLISECONDS);
  }

  private final HttpUriRequestBase request;
  private final Thread owner;
  private ScheduledFuture<?> alarm;
  volatile boolean expired;
  volatile boolean interrupted;
  volatile boolean canceled;

  Exchange(HttpUriRequestBase request, Thread owner) {
    this.request = request;
    this.owner = owner;
    LIVE.add(this);
  }

  synchronized void arm(long atNanos) {
    if (alarm != null) {
      alarm.cancel(false);
    }
    alarm =
        ALARMS.schedule(
            () -> {
              expired = true;
              request.cancel();
              LIVE.remove(this); // an answer its caller never closed ends here
            },
            Math.max(0, atNanos - System.nanoTime()),
            TimeUnit.NANOSECONDS);
  }

  /** Closes the connection now; a read blocked on it fails at once. */
  void cancel() {
    canceled = true;
    request.cancel();
  }

  boolean aborted() {
    return expired || interrupted || canceled;
  }

  private void cancelIfOwnerInterrupted() {
    if (owner.isInterrupted()) {
      interrupted = true;
      request.cancel();
    }
  }

  synchronized void finish() {
    LIVE.remove(this);
    if (alarm != null) {
      alarm.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor alarms() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "provider-http-alarms");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
