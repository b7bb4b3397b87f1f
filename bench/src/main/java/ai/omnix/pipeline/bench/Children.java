package ai.omnix.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every child JVM the benchmarks start. A shutdown hook kills whatever is still alive (with its
 * descendants), so a failed or interrupted run leaves no worker behind.
 */
final class Children {
  private static final List<Process> ALL = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Children::killAll, "bench-kill-children"));
  }

  private Children() {}

  /** Starts {@code java -cp <this JVM's classpath> mainClass args}, output to {@code log}. */
  static Process startJava(String mainClass, List<String> jvmArgs, List<String> args, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ALL.add(process);
    return process;
  }

  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ALL.remove(process);
  }

  static void killAll() {
    for (Process process : ALL) {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
    for (Process process : ALL) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    ALL.clear();
  }
}
