package ai.omnix.pipeline.media.ffmpeg;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.media.MediaTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs ffmpeg as a child process: stdout (the {@code -progress pipe:1} stream) and stderr are
 * drained on their own threads into bounded buffers, the process has a hard timeout, and on cancel
 * or timeout its whole process tree is killed. Heavy runs share a fair semaphore so that at most
 * {@code maxConcurrentHeavy} of them run at once in this JVM; waiting for a slot honours cancel.
 * Thread-safe.
 */
public final class FfmpegRunner implements MediaTool {
  static final int STDERR_HEAD_CHARS = 256 * 1024;
  static final int STDERR_TAIL_CHARS = 8 * 1024;
  private static final long SLOT_POLL_MILLIS = 100;
  private static final long DRAIN_JOIN_MILLIS = 5_000;

  private final Supplier<Path> executable;
  private final Semaphore heavySlots;

  /**
   * @param executable the ffmpeg binary, resolved at the first run (so a process that never runs
   *     media jobs never unpacks the bundled binary)
   */
  public FfmpegRunner(Supplier<Path> executable, int maxConcurrentHeavy) {
    if (maxConcurrentHeavy < 1) {
      throw new IllegalArgumentException("maxConcurrentHeavy must be at least 1");
    }
    this.executable = memoize(executable);
    this.heavySlots = new Semaphore(maxConcurrentHeavy, true);
  }

  /**
   * The ffmpeg 4.4 static binary that {@code jave-nativebin-linux64} ships, unpacked by JAVE on
   * first use.
   */
  public static FfmpegRunner bundled(int maxConcurrentHeavy) {
    return new FfmpegRunner(FfmpegRunner::bundledExecutable, maxConcurrentHeavy);
  }

  public static Path bundledExecutable() {
    return Path.of(new ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator().getExecutablePath());
  }

  /** Heavy slots free now; for tests and metrics. */
  public int availableHeavySlots() {
    return heavySlots.availablePermits();
  }

  @Override
  public Outcome run(Invocation invocation) throws IOException {
    AtomicBoolean canceled = new AtomicBoolean();
    AtomicReference<Process> running = new AtomicReference<>();
    invocation
        .onCancel()
        .accept(
            () -> {
              canceled.set(true);
              Process p = running.get();
              if (p != null) {
                killTree(p.toHandle());
              }
            });
    boolean holdsSlot = false;
    try {
      if (invocation.heavy()) {
        acquireSlot(canceled);
        holdsSlot = true;
      }
      if (canceled.get()) {
        throw new JobCanceledException();
      }
      return runProcess(invocation, canceled, running);
    } finally {
      if (holdsSlot) {
        heavySlots.release();
      }
    }
  }

  private void acquireSlot(AtomicBoolean canceled) {
    try {
      while (!heavySlots.tryAcquire(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (canceled.get()) {
          throw new JobCanceledException();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobCanceledException();
    }
  }

  private Outcome runProcess(
      Invocation invocation, AtomicBoolean canceled, AtomicReference<Process> running)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable.get().toString());
    command.addAll(invocation.arguments());
    Process process = new ProcessBuilder(command).start();
    running.set(process);
    ProgressParser progress = new ProgressParser(invocation.progressTotal(), invocation.progress());
    BoundedText stderr = new BoundedText(STDERR_HEAD_CHARS, STDERR_TAIL_CHARS);
    Thread outDrain =
        drain(process.getInputStream(), progress::acceptLine, "ffmpeg-progress-" + process.pid());
    Thread errDrain =
        drain(process.getErrorStream(), stderr::appendLine, "ffmpeg-stderr-" + process.pid());
    try {
      process.getOutputStream().close();
      if (canceled.get()) {
        // The hook may have fired between start() and running.set(): kill here too.
        killTree(process.toHandle());
      }
      boolean finished = process.waitFor(invocation.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        killTree(process.toHandle());
        process.waitFor(DRAIN_JOIN_MILLIS, TimeUnit.MILLISECONDS);
      }
      joinQuietly(outDrain);
      joinQuietly(errDrain);
      if (canceled.get()) {
        throw new JobCanceledException();
      }
      return new Outcome(finished ? process.exitValue() : -1, !finished, stderr.toString());
    } catch (InterruptedException e) {
      killTree(process.toHandle());
      Thread.currentThread().interrupt();
      throw new JobCanceledException();
    } finally {
      if (process.isAlive()) {
        killTree(process.toHandle());
      }
      running.set(null);
    }
  }

  /**
   * Kills the descendants first (so none is re-parented and left behind), then the process itself.
   */
  static void killTree(ProcessHandle root) {
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
  }

  private static Thread drain(
      InputStream in, java.util.function.Consumer<String> lines, String name) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                LineReader reader = new LineReader(in);
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.accept(line);
                }
              } catch (IOException ignored) {
                // the process was killed; what was read is kept
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinQuietly(Thread t) throws InterruptedException {
    t.join(DRAIN_JOIN_MILLIS);
  }

  private static Supplier<Path> memoize(Supplier<Path> supplier) {
    return new Supplier<>() {
      private volatile Path value;

      @Override
      public Path get() {
        Path v = value;
        if (v == null) {
          synchronized (this) {
            if (value == null) {
              value = supplier.get();
            }
            v = value;
          }
        }
        return v;
      }
    };
  }

  /**
   * Reads lines of at most {@value #MAX_LINE} chars; longer lines are cut, so no output can exhaust
   * memory.
   */
  static final class LineReader {
    static final int MAX_LINE = 4096;
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;

    LineReader(InputStream in) {
      this.in = in;
    }

    String readLine() throws IOException {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(128);
      boolean any = false;
      while (true) {
        if (pos == limit) {
          limit = in.read(buffer);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            return any ? line.toString(StandardCharsets.UTF_8) : null;
          }
        }
        byte b = buffer[pos++];
        any = true;
        if (b == '\n' || b == '\r') {
          return line.toString(StandardCharsets.UTF_8);
        }
        if (line.size() < MAX_LINE) {
          line.write(b);
        }
      }
    }
  }
}
