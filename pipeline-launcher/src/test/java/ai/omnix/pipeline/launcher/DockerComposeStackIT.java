package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lets Docker Compose itself validate docker-compose.yml ({@code docker compose config -q}: schema,
 * interpolation, merge keys). Skipped when no Docker engine (or no compose plugin) answers within 5
 * seconds.
 */
class DockerComposeStackIT {

  @Test
  void dockerComposeAcceptsTheComposeFile() throws Exception {
    assumeTrue(succeeds(5, "docker", "info"), "no Docker engine available (docker info failed)");
    assumeTrue(succeeds(5, "docker", "compose", "version"), "no docker compose plugin available");
    Path root = projectRoot();
    File output = File.createTempFile("docker-compose-config", ".log");
    try {
      Process process =
          new ProcessBuilder("docker", "compose", "-f", "docker-compose.yml", "config", "-q")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output)
              .start();
      boolean finished = process.waitFor(60, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String log = Files.readString(output.toPath(), StandardCharsets.UTF_8);
      assertThat(finished).as("docker compose config finished within 60 s").isTrue();
      assertThat(process.exitValue()).as("docker compose config -q on %s:%n%s", root, log).isZero();
    } finally {
      Files.deleteIfExists(output.toPath());
    }
  }

  /**
   * True when the command exits 0 within the timeout; false on any failure (missing binary,
   * timeout, error).
   */
  private static boolean succeeds(int timeoutSeconds, String... command) {
    Process process = null;
    try {
      process =
          new ProcessBuilder(List.of(command))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static Path projectRoot() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new AssertionError(
        "no docker-compose.yml in " + System.getProperty("user.dir") + " or above");
  }
}
