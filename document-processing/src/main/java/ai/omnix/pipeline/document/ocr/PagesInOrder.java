package ai.omnix.pipeline.document.ocr;

import ai.omnix.pipeline.document.DocumentFailures;
import ai.omnix.pipeline.document.JobDeadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job's pages, recognised on a shared pool and handed to a sink in page order on the job's own
 * thread. At most {@code window} pages are queued or running at once, so a long document holds at
 * most that many page images in memory and cannot take the whole pool from other jobs' pages. Used
 * by the job's thread only.
 *
 * <p>Waiting for a page checks the job's deadline and cancel flag every {@value #CHECK_MILLIS} ms.
 * {@link #close()} cancels what is still queued (a page already inside Tesseract finishes, and its
 * result is dropped), so every failure path gives the pool back.
 *
 * @param <T> what one page yields
 */
final class PagesInOrder<T> implements AutoCloseable {
  static final long CHECK_MILLIS = 200;

  /** Receives each page's result, in page order. */
  @FunctionalInterface
  interface Sink<T> {
    void accept(T page) throws IOException;
  }

  private final ExecutorService pool;
  private final int window;
  private final JobDeadline deadline;
  private final Sink<T> sink;
  private final Deque<Pending<T>> pending = new ArrayDeque<>();
  private int inFlight;

  /**
   * A page in line: its result, and whether it holds a place in the window (recognition on the
   * pool).
   */
  private record Pending<T>(Future<T> result, boolean onPool) {}

  PagesInOrder(ExecutorService pool, int window, JobDeadline deadline, Sink<T> sink) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    this.pool = pool;
    this.window = window;
    this.deadline = deadline;
    this.sink = sink;
  }

  /** A page that needs no recognition (a text layer); delivered after the pages before it. */
  void addReady(T page) throws IOException {
    pending.addLast(new Pending<>(CompletableFuture.completedFuture(page), false));
    deliverFinished();
  }

  /**
   * Queues a page's recognition, first waiting for earlier pages while {@code window} are already
   * in flight.
   */
  void submit(Callable<T> recognition) throws IOException {
    while (inFlight >= window) {
      deliverHead();
    }
    pending.addLast(new Pending<>(pool.submit(recognition), true));
    inFlight++;
    deliverFinished();
  }

  /** Waits for and delivers every page still pending. */
  void finish() throws IOException {
    while (!pending.isEmpty()) {
      deliverHead();
    }
  }

  private void deliverFinished() throws IOException {
    while (!pending.isEmpty() && pending.peekFirst().result().isDone()) {
      deliverHead();
    }
  }

  private void deliverHead() throws IOException {
    Pending<T> head = pending.peekFirst();
    T page = await(head.result());
    pending.removeFirst();
    if (head.onPool()) {
      inFlight--;
    }
    sink.accept(page);
  }

  private T await(Future<T> future) {
    while (true) {
      deadline.check();
      try {
        return future.get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // check the deadline and the cancel flag again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deadline
            .check(); // throws the cancel exception: the runner interrupts a canceled job's thread
        throw new CancellationException("interrupted while waiting for an OCR page");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        if (cause instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
        throw DocumentFailures.unreadable("OCR failed (" + cause + ")", cause);
      }
    }
  }

  @Override
  public void close() {
    for (Pending<T> page; (page = pending.pollFirst()) != null; ) {
      page.result().cancel(false);
    }
    inFlight = 0;
  }
}
