package ai.omnix.pipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes bench/results/&lt;name&gt;.json and describes the machine the figures came from. */
final class Results {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Results() {}

  static Path write(BenchConfig config, String name, Map<String, Object> body) throws IOException {
    Files.createDirectories(config.resultsDir());
    Path file = config.resultsDir().resolve(name + ".json");
    Files.writeString(file, JSON.writeValueAsString(body) + "\n");
    return file;
  }

  /** The common head of every result file. */
  static Map<String, Object> header(String name, BenchConfig config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", name);
    m.put(
        "started_at",
        OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    m.put("code", System.getProperty("bench.code", "unknown"));
    m.put("postgres_durable", Boolean.getBoolean("omnix.testkit.durable-postgres"));
    m.put("machine", machine());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("BENCH_SECONDS", config.seconds());
    settings.put("BENCH_WARMUP_SECONDS", config.warmupSeconds());
    settings.put("BENCH_JOBS", config.jobs());
    settings.put("BENCH_THREADS", config.threads());
    settings.put("BENCH_TENANTS", config.tenants());
    settings.put("BENCH_WORKER_COUNT", config.workerCount());
    settings.put("BENCH_ORPHAN_RUNS", config.orphanRuns());
    settings.put("BENCH_UPLOAD_MB", config.uploadMb());
    settings.put("BENCH_TRANSCODE_SECONDS", config.transcodeSeconds());
    m.put("settings", settings);
    return m;
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("available_processors", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
    m.put("mem_total", firstMatch(Path.of("/proc/meminfo"), "MemTotal"));
    m.put("load_average_at_start", loadAverage());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  /** The 1, 5 and 15 minute load averages: other work on the shared machine shows here. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", List.of(parts[0], parts[1], parts[2]));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstMatch(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: leave it unknown
    }
    return "unknown";
  }

  static Object round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    return Math.round(value * 1000.0) / 1000.0;
  }

  static String fmt(double value) {
    return Double.isNaN(value) ? "n/a" : String.format("%.2f", value);
  }
}
