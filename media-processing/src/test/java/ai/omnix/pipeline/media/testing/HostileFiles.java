package ai.omnix.pipeline.media.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The hostile inputs every media job must refuse quickly, and the checks that nothing was left
 * behind.
 */
public final class HostileFiles {
  /** How long a job may take to refuse a hostile input. */
  public static final Duration BOUND = Duration.ofSeconds(20);

  private HostileFiles() {}

  public static Path zeroBytes(Path dir) throws IOException {
    return Files.createFile(dir.resolve("empty.mp4"));
  }

  public static Path randomBytes(Path dir) throws IOException {
    byte[] noise = new byte[256 * 1024];
    new Random(7).nextBytes(noise);
    return Files.write(dir.resolve("noise.mp4"), noise);
  }

  /** The first 20 kB of a real file (an MP4 whose moov, at the end, is lost). */
  public static Path truncated(Path source, Path dir) throws IOException {
    return Files.write(
        dir.resolve("truncated.mp4"), Arrays.copyOf(Files.readAllBytes(source), 20_000));
  }

  /** Asserts that the workspace root holds no job directory, and that no ffmpeg is left running. */
  public static void assertNothingLeft(Path workRoot) throws Exception {
    try (Stream<Path> left = Files.exists(workRoot) ? Files.list(workRoot) : Stream.empty()) {
      if (left.findAny().isPresent()) {
        throw new AssertionError("a workspace was left under " + workRoot);
      }
    }
    await(
        () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        Duration.ofSeconds(5));
  }

  public static void await(BooleanSupplier condition, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + deadline);
      }
      Thread.sleep(20);
    }
  }
}
