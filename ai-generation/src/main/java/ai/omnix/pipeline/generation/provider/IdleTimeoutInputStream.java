package ai.omnix.pipeline.generation.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose every read fails once it has waited longer than the timeout. java.net.http
 * bounds the wait for the response headers only; a server that sends headers and then stalls would
 * hold the reading thread forever. Closing the body stream from the watchdog thread wakes the
 * blocked read.
 */
public final class IdleTimeoutInputStream extends FilterInputStream {
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final Duration idle;
  private volatile boolean stalled;

  public IdleTimeoutInputStream(InputStream in, Duration idle) {
    super(in);
    this.idle = idle;
  }

  @Override
  public int read() throws IOException {
    ScheduledFuture<?> alarm = arm();
    try {
      return checked(super.read());
    } catch (IOException e) {
      throw stalled ? stalledException() : e;
    } finally {
      alarm.cancel(false);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    ScheduledFuture<?> alarm = arm();
    try {
      return checked(super.read(b, off, len));
    } catch (IOException e) {
      throw stalled ? stalledException() : e;
    } finally {
      alarm.cancel(false);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(8192, Math.max(n, 0))];
    long skipped = 0;
    while (skipped < n) {
      int read = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  private ScheduledFuture<?> arm() throws IOException {
    if (stalled) {
      throw stalledException();
    }
    return WATCHDOG.schedule(this::stall, idle.toNanos(), TimeUnit.NANOSECONDS);
  }

  private int checked(int result) throws IOException {
    // A stream closed under a blocked read may report end of stream rather than fail: that is not
    // the real end.
    if (stalled) {
      throw stalledException();
    }
    return result;
  }

  private void stall() {
    stalled = true;
    try {
      in.close();
    } catch (IOException ignored) {
      // the reader is told by the stalled flag
    }
  }

  private HttpTimeoutException stalledException() {
    return new HttpTimeoutException("google sent no data for " + idle.toMillis() + " ms");
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "google-read-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
