package ai.omnix.pipeline.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.media.MediaTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The process handling of {@link FfmpegRunner}, with {@code /bin/sh} standing in for ffmpeg (the
 * runner is executable-agnostic): timeout, cancel, process-tree kill, bounded output, heavy slots.
 */
class FfmpegRunnerTest {
  private static final Path SH = Path.of("/bin/sh");

  private static MediaTool.Invocation script(
      String script, Duration timeout, boolean heavy, List<Runnable> cancelHooks) {
    return new MediaTool.Invocation(
        List.of("-c", script), timeout, heavy, Duration.ofSeconds(4), null, cancelHooks::add);
  }

  @Test
  void reportsExitCodeAndStderrAndProgress() throws Exception {
    List<Integer> progress = new ArrayList<>();
    var runner = new FfmpegRunner(() -> SH, 1);
    var outcome =
        runner.run(
            new MediaTool.Invocation(
                List.of("-c", "echo out_time_us=2000000; echo 'Input #0, x' >&2; exit 3"),
                Duration.ofSeconds(10),
                false,
                Duration.ofSeconds(4),
                progress::add,
                null));
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.timedOut()).isFalse();
    assertThat(outcome.diagnostics()).isEqualTo("Input #0, x\n");
    assertThat(progress).containsExactly(50);
  }

  @Test
  void killsTheWholeProcessTreeAtTheTimeout() throws Exception {
    var runner = new FfmpegRunner(() -> SH, 1);
    long started = System.nanoTime();
    var outcome =
        runner.run(
            script("sleep 30 & sleep 30; wait", Duration.ofMillis(300), false, new ArrayList<>()));
    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.succeeded()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertNoChildProcessWithin(Duration.ofSeconds(5));
  }

  @Test
  void cancelKillsTheProcessTreeAndThrows() throws Exception {
    var runner = new FfmpegRunner(() -> SH, 1);
    List<Runnable> hooks = new CopyOnWriteArrayList<>();
    var run =
        CompletableFuture.supplyAsync(
            () ->
                runQuietly(
                    runner,
                    script("sleep 30 & sleep 30; wait", Duration.ofSeconds(60), true, hooks)));
    await(() -> ProcessHandle.current().descendants().count() >= 2, Duration.ofSeconds(10));
    hooks.forEach(Runnable::run);
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(JobCanceledException.class);
    assertNoChildProcessWithin(Duration.ofSeconds(5));
    assertThat(runner.availableHeavySlots()).isEqualTo(1);
  }

  @Test
  void heavyRunsWaitForASlotAndWaitingHonoursCancel() throws Exception {
    var runner = new FfmpegRunner(() -> SH, 1);
    List<Runnable> firstHooks = new CopyOnWriteArrayList<>();
    List<Runnable> secondHooks = new CopyOnWriteArrayList<>();
    var first =
        CompletableFuture.supplyAsync(
            () -> runQuietly(runner, script("sleep 30", Duration.ofSeconds(60), true, firstHooks)));
    await(() -> runner.availableHeavySlots() == 0 && !firstHooks.isEmpty(), Duration.ofSeconds(10));
    var second =
        CompletableFuture.supplyAsync(
            () -> runQuietly(runner, script("exit 0", Duration.ofSeconds(60), true, secondHooks)));
    await(() -> !secondHooks.isEmpty(), Duration.ofSeconds(10));
    // "exit 0" would be done at once if it had a slot: it is still waiting
    assertThat(second).isNotDone();
    secondHooks.forEach(Runnable::run);
    assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(JobCanceledException.class);
    firstHooks.forEach(Runnable::run);
    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(JobCanceledException.class);
    assertThat(runner.availableHeavySlots()).isEqualTo(1);
    assertNoChildProcessWithin(Duration.ofSeconds(5));
  }

  @Test
  void lightRunsDoNotTakeHeavySlots() throws Exception {
    var runner = new FfmpegRunner(() -> SH, 1);
    List<Runnable> hooks = new CopyOnWriteArrayList<>();
    var heavy =
        CompletableFuture.supplyAsync(
            () -> runQuietly(runner, script("sleep 30", Duration.ofSeconds(60), true, hooks)));
    await(() -> runner.availableHeavySlots() == 0, Duration.ofSeconds(10));
    assertThat(
            runner
                .run(script("exit 0", Duration.ofSeconds(10), false, new ArrayList<>()))
                .succeeded())
        .isTrue();
    hooks.forEach(Runnable::run);
    assertThatThrownBy(() -> heavy.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(JobCanceledException.class);
  }

  @Test
  void boundsWhatAProcessWritesToStderr() throws Exception {
    var runner = new FfmpegRunner(() -> SH, 1);
    var outcome =
        runner.run(
            script(
                "head -c 20000000 /dev/zero | tr '\\0' 'x' >&2",
                Duration.ofSeconds(30),
                false,
                new ArrayList<>()));
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.diagnostics().length())
        .isLessThan(FfmpegRunner.STDERR_HEAD_CHARS + 2 * FfmpegRunner.STDERR_TAIL_CHARS + 100);
  }

  @org.junit.jupiter.api.AfterEach
  void killWhatAFailedTestLeftBehind() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  private static MediaTool.Outcome runQuietly(
      FfmpegRunner runner, MediaTool.Invocation invocation) {
    try {
      return runner.run(invocation);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void await(BooleanSupplier condition, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + deadline);
      }
      Thread.sleep(20);
    }
  }

  static void assertNoChildProcessWithin(Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "child processes left: "
                + ProcessHandle.current()
                    .descendants()
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .toList());
      }
      Thread.sleep(20);
    }
  }
}
