package ai.omnix.pipeline.launcher;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline process in its own JVM, as docker-compose would run it, that a test can kill with
 * SIGKILL.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private WorkerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static WorkerProcess start(String roles, String jdbcUrl, String name, String... extraArgs)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = Files.createDirectories(Path.of("target", "worker-logs")).resolve(name + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                PipelineApplication.class.getName(),
                "--omnix.roles=" + roles,
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=",
                "--jobrunr.dashboard.enabled=false",
                "--jobrunr.background-job-server.worker-count=2",
                "--omnix.data-dir=" + Path.of("target", "worker-data", name)));
    command.addAll(List.of(extraArgs));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    WorkerProcess worker = new WorkerProcess(process, port, log);
    worker.awaitHealthy(Duration.ofSeconds(90));
    return worker;
  }

  private void awaitHealthy(Duration timeout) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("worker exited early; see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IllegalStateException(
        "worker not healthy after " + timeout + "; see " + log.toAbsolutePath());
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, exactly like an OOM kill or a lost machine. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  File log() {
    return log.toFile();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
