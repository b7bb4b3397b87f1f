package ai.omnix.pipeline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load driver: N threads each call their operation back to back for a warm-up, then
 * for the measured window. Only operations that start inside the window count; latencies are
 * recorded in microseconds.
 */
final class Load {
  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

  /** One call of the operation under test; throws when it did not succeed. */
  interface Op {
    void call() throws Exception;
  }

  record Result(
      int threads,
      double seconds,
      long ok,
      long errors,
      Histogram latencyMicros,
      List<String> errorSamples) {
    double throughput() {
      return ok / seconds;
    }

    double percentileMillis(double p) {
      return latencyMicros.getTotalCount() == 0
          ? Double.NaN
          : latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("threads", threads);
      m.put("measured_seconds", seconds);
      m.put("ok", ok);
      m.put("errors", errors);
      m.put("throughput_per_second", Results.round(throughput()));
      m.put("latency_ms_p50", Results.round(percentileMillis(50)));
      m.put("latency_ms_p90", Results.round(percentileMillis(90)));
      m.put("latency_ms_p99", Results.round(percentileMillis(99)));
      m.put("latency_ms_p999", Results.round(percentileMillis(99.9)));
      m.put(
          "latency_ms_max",
          Results.round(
              latencyMicros.getTotalCount() == 0
                  ? Double.NaN
                  : latencyMicros.getMaxValue() / 1000.0));
      m.put(
          "latency_ms_mean",
          Results.round(
              latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMean() / 1000.0));
      m.put("error_samples", errorSamples);
      return m;
    }
  }

  private Load() {}

  /** Adds up measured windows of the same operation (interleaved with another system's windows). */
  static Result merge(List<Result> parts) {
    Histogram total = new Histogram(MAX_LATENCY_MICROS, 3);
    double seconds = 0;
    long ok = 0;
    long errors = 0;
    List<String> samples = new ArrayList<>();
    for (Result part : parts) {
      total.add(part.latencyMicros());
      seconds += part.seconds();
      ok += part.ok();
      errors += part.errors();
      part.errorSamples().stream().limit(Math.max(0, 5 - samples.size())).forEach(samples::add);
    }
    return new Result(parts.get(0).threads(), seconds, ok, errors, total, List.copyOf(samples));
  }

  static Result run(int threads, Duration warmup, Duration window, IntFunction<Op> opPerThread)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + window.toNanos();
    List<Histogram> histograms = new CopyOnWriteArrayList<>();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<String> samples = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Op op = opPerThread.apply(i);
      Histogram histogram = new Histogram(MAX_LATENCY_MICROS, 3);
      histograms.add(histogram);
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                      break;
                    }
                    boolean measured = t0 >= measureFrom;
                    try {
                      op.call();
                      long micros = (System.nanoTime() - t0) / 1000;
                      if (measured) {
                        ok.incrementAndGet();
                        histogram.recordValue(Math.min(Math.max(micros, 0), MAX_LATENCY_MICROS));
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } catch (Exception e) {
                      if (measured) {
                        errors.incrementAndGet();
                      }
                      if (samples.size() < 5) {
                        samples.add(
                            e.getClass().getSimpleName()
                                + ": "
                                + ApiClient.abbreviate(e.getMessage()));
                      }
                    }
                  }
                } finally {
                  done.countDown();
                }
              },
              "load-" + i);
      thread.setDaemon(true);
      started.add(thread);
    }
    started.forEach(Thread::start);
    long boundMillis = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 60_000;
    if (!done.await(boundMillis, TimeUnit.MILLISECONDS)) {
      started.forEach(Thread::interrupt);
      done.await(10, TimeUnit.SECONDS);
    }
    Histogram total = new Histogram(MAX_LATENCY_MICROS, 3);
    histograms.forEach(total::add);
    return new Result(
        threads, window.toNanos() / 1e9, ok.get(), errors.get(), total, List.copyOf(samples));
  }
}
