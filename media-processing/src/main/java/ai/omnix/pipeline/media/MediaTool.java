package ai.omnix.pipeline.media;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The port to the external media tool (ffmpeg). Handlers build the exact argument list; an
 * implementation runs it as a child process. A unit test substitutes a fake that records the
 * arguments and answers canned output.
 *
 * <p>Contract: {@link #run} blocks until the process ends, is killed at {@link
 * Invocation#timeout()}, or is killed because the job was canceled. It never leaves a process (or
 * any of its descendants) running when it returns or throws. Captured output is bounded, whatever
 * the process writes. Implementations are thread-safe.
 */
public interface MediaTool {

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobCanceledException when the job was canceled
   *     (while waiting for a heavy slot or while the process ran) or the calling thread was
   *     interrupted; the process tree is killed first
   * @throws java.io.IOException when the tool cannot be started at all
   */
  Outcome run(Invocation invocation) throws java.io.IOException;

  /**
   * One run of the tool.
   *
   * @param arguments the arguments after the executable, exactly as passed
   * @param timeout the hard limit on the process's wall time
   * @param heavy true for CPU-heavy work (encoding): such runs share a per-process limit of
   *     concurrent processes
   * @param progressTotal the media duration the run processes, for progress from {@code -progress
   *     pipe:1}; null when no progress is wanted
   * @param progress receives 0..99 as the run proceeds (the caller reports 100 when it is done)
   * @param onCancel registers a hook to run when the job is canceled, such as {@code
   *     execution::onCancel}
   */
  record Invocation(
      List<String> arguments,
      Duration timeout,
      boolean heavy,
      Duration progressTotal,
      IntConsumer progress,
      Consumer<Runnable> onCancel) {
    public Invocation {
      arguments = List.copyOf(arguments);
      Objects.requireNonNull(timeout);
      progress = progress == null ? p -> {} : progress;
      onCancel = onCancel == null ? hook -> {} : onCancel;
    }
  }

  /**
   * How a run ended.
   *
   * @param exitCode the process's exit code; -1 when it was killed at the timeout
   * @param timedOut true when the process was killed at {@link Invocation#timeout()}
   * @param diagnostics the start (and, when long, the end) of what the process wrote to stderr,
   *     bounded in size
   */
  record Outcome(int exitCode, boolean timedOut, String diagnostics) {
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }
  }
}
