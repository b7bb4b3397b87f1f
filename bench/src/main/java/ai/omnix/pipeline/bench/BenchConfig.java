package ai.omnix.pipeline.bench;

import java.nio.file.Path;

/** Settings from the environment (see bench/run.sh); every value has a default and a sane range. */
record BenchConfig(
    int seconds,
    int warmupSeconds,
    int jobs,
    int threads,
    int tenants,
    int workerCount,
    int orphanRuns,
    int e2eTimeoutSeconds,
    int uploadMb,
    boolean uploadProfile,
    int transcodeSeconds,
    Path resultsDir) {

  static BenchConfig fromEnvironment() {
    int seconds = intEnv("BENCH_SECONDS", 60, 1, 3600);
    return new BenchConfig(
        seconds,
        intEnv("BENCH_WARMUP_SECONDS", Math.max(2, Math.min(10, seconds / 6)), 0, 600),
        intEnv("BENCH_JOBS", 2000, 1, 1_000_000),
        intEnv("BENCH_THREADS", 16, 1, 256),
        intEnv("BENCH_TENANTS", 4, 1, 64),
        intEnv("BENCH_WORKER_COUNT", 8, 1, 256),
        intEnv("BENCH_ORPHAN_RUNS", 5, 1, 50),
        intEnv("BENCH_E2E_TIMEOUT_SECONDS", 900, 10, 7200),
        intEnv("BENCH_UPLOAD_MB", 1024, 8, 16384),
        intEnv("BENCH_UPLOAD_PROFILE", 1, 0, 1) == 1,
        intEnv("BENCH_TRANSCODE_SECONDS", 20, 1, 600),
        Path.of(System.getProperty("bench.results", "bench/results")).toAbsolutePath());
  }

  static int intEnv(String name, int def, int min, int max) {
    String raw = System.getenv(name);
    if (raw == null || raw.isBlank()) {
      return def;
    }
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }
}
