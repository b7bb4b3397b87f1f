package ai.omnix.pipeline.api.stream;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response written with the servlet's non-blocking I/O, so no thread waits for a client: any
 * thread queues bytes with {@link #send}, and whichever thread finds the socket writable drains the
 * queue (the caller's, or the container's in {@code onWritePossible}). A work-in-progress counter
 * makes one thread drain at a time without locks, so a container thread never waits for ours (which
 * could deadlock with the container's own socket lock).
 *
 * <p>A client that disconnects is noticed at the next write (a broken pipe), or by the container's
 * error callbacks; then {@link Listener#clientGone} is called once. A client that reads slower than
 * we produce is dropped once {@code maxBuffered} bytes wait for it, so memory per stream is
 * bounded.
 */
public final class AsyncResponse implements WriteListener, AsyncListener {

  /** Told once when the client can no longer be written to. Must not block. */
  public interface Listener {
    void clientGone(Throwable cause);
  }

  /** More bytes waited for a client than allowed: it does not read. */
  public static final class SlowClientException extends IOException {
    SlowClientException(long bytes) {
      super("the client does not read: " + bytes + " bytes waiting");
    }
  }

  private final AsyncContext async;
  private final HttpServletResponse response;
  private final ServletOutputStream out;
  private final long maxBuffered;
  private final Listener listener;
  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicLong lastSendNanos = new AtomicLong(System.nanoTime());
  private volatile boolean finishing;
  private volatile boolean closed;
  // only touched by the thread that drains
  private boolean needsFlush;

  private AsyncResponse(
      AsyncContext async,
      HttpServletResponse response,
      ServletOutputStream out,
      long maxBuffered,
      Listener listener) {
    this.async = async;
    this.response = response;
    this.out = out;
    this.maxBuffered = maxBuffered;
    this.listener = listener;
  }

  /**
   * Puts the request in asynchronous mode: the calling (container) thread returns once the handler
   * does. Headers may still be set on {@link #response()} until the first {@link #send}.
   */
  public static AsyncResponse start(
      HttpServletRequest request,
      HttpServletResponse response,
      Duration timeout,
      long maxBuffered,
      Listener listener)
      throws IOException {
    // the original request and response: filters' wrappers have done their work by now
    AsyncContext async = request.startAsync();
    async.setTimeout(timeout.toMillis());
    HttpServletResponse raw = (HttpServletResponse) async.getResponse();
    ServletOutputStream out = raw.getOutputStream();
    AsyncResponse r = new AsyncResponse(async, raw, out, maxBuffered, listener);
    async.addListener(r);
    out.setWriteListener(r);
    return r;
  }

  public HttpServletResponse response() {
    return response;
  }

  /** Queues bytes for the client; ignored once the response is closed. Any thread. */
  public void send(byte[] bytes) {
    if (closed) {
      return;
    }
    long waiting = buffered.addAndGet(bytes.length);
    if (waiting > maxBuffered) {
      gone(new SlowClientException(waiting));
      return;
    }
    lastSendNanos.set(System.nanoTime());
    queue.add(bytes);
    signal();
  }

  /** Completes the response once everything queued is written. Any thread. */
  public void finish() {
    finishing = true;
    signal();
  }

  /** Nanoseconds ({@link System#nanoTime()}) of the last {@link #send}. */
  public long lastSendNanos() {
    return lastSendNanos.get();
  }

  public boolean isClosed() {
    return closed;
  }

  private void signal() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      drain();
    } while (wip.decrementAndGet() != 0);
  }

  private void drain() {
    if (closed) {
      queue.clear();
      return;
    }
    try {
      while (out.isReady()) {
        byte[] chunk = queue.poll();
        if (chunk != null) {
          out.write(chunk);
          buffered.addAndGet(-chunk.length);
          needsFlush = true;
        } else if (needsFlush) {
          needsFlush = false;
          out.flush();
        } else {
          if (finishing && ended.compareAndSet(false, true)) {
            closed = true;
            async.complete();
          }
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      gone(e);
    }
  }

  private void gone(Throwable cause) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    queue.clear();
    try {
      listener.clientGone(cause);
    } finally {
      try {
        async.complete();
      } catch (IllegalStateException alreadyCompleted) {
        // the container completed it already
      }
    }
  }

  @Override
  public void onWritePossible() {
    signal();
  }

  @Override
  public void onError(Throwable t) {
    gone(t);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    closed = true;
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    gone(new TimeoutException("the stream reached its longest allowed duration"));
  }

  @Override
  public void onError(AsyncEvent event) {
    gone(event.getThrowable());
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // nothing to do
  }
}
