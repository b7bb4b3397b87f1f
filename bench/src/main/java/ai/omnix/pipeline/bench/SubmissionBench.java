package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Benchmark 1: how fast jobs are accepted. Ours: {@code POST /v1/jobs} of a no-op job against the
 * application with role {@code api} only (no worker, so nothing competes with submission).
 * Baseline: {@code JobRequestScheduler.enqueue} of a no-op JobRequest into JobRunr's PostgreSQL
 * storage, no background job server. Same thread count and total measured time for both. Both
 * systems stay up for the whole benchmark and are measured in alternating slices (ours, bare, ours,
 * bare, ...), so that other work on a shared machine weighs on both alike.
 */
final class SubmissionBench {
  static final double GOAL_THROUGHPUT = 2000;
  static final double GOAL_P99_MS = 25;

  private SubmissionBench() {}

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("submission", config);
    Duration warmup = Duration.ofSeconds(config.warmupSeconds());
    int slices = config.seconds() >= 3 ? 3 : 1;
    Duration slice = Duration.ofMillis(config.seconds() * 1000L / slices);
    // Nothing finishes with the api role alone, so every accepted job stays unfinished: spread the
    // load over enough
    // enterprise tenants (50,000 unfinished jobs each) that the admission limit is never what is
    // measured.
    int tenants = Math.max(config.tenants(), 8);

    System.out.printf(
        "%n== submission: ours = POST /v1/jobs (roles=api, %d tenants), bare = JobRunr "
            + "JobRequestScheduler.enqueue; %d threads each; warm-up %d s each, then %d alternating slices of %.1f s "
            + "each ==%n",
        tenants, config.threads(), config.warmupSeconds(), slices, slice.toMillis() / 1000.0);
    List<Load.Result> oursParts = new ArrayList<>();
    List<Load.Result> bareParts = new ArrayList<>();
    List<Map<String, Object>> sliceLog = new ArrayList<>();
    try (PipelineApp app =
            PipelineApp.start(SharedPostgres.newDatabase("bench_submit_ours"), "api", Map.of());
        BareJobRunr jobRunr =
            BareJobRunr.start(SharedPostgres.newDatabase("bench_submit_bare"), 0)) {
      ApiClient api = new ApiClient(app.baseUrl);
      List<String> keys = new ArrayList<>();
      for (int i = 1; i <= tenants; i++) {
        keys.add(api.createTenant(app.adminKey, "bench-submit-" + i));
      }
      IntFunction<Load.Op> ours =
          thread -> {
            String key = keys.get(thread % keys.size());
            return () -> api.submit(key, ApiClient.NOOP_JOB);
          };
      IntFunction<Load.Op> bare = thread -> () -> jobRunr.scheduler.enqueue(new BareNoopRequest(0));
      Load.run(config.threads(), Duration.ZERO, warmup, ours);
      Load.run(config.threads(), Duration.ZERO, warmup, bare);
      for (int i = 1; i <= slices; i++) {
        Load.Result o = Load.run(config.threads(), Duration.ZERO, slice, ours);
        oursParts.add(o);
        Load.Result b = Load.run(config.threads(), Duration.ZERO, slice, bare);
        bareParts.add(b);
        System.out.printf(
            "slice %d: ours %.0f/s p99 %s ms | bare %.0f/s p99 %s ms | load average %s%n",
            i,
            o.throughput(),
            Results.fmt(o.percentileMillis(99)),
            b.throughput(),
            Results.fmt(b.percentileMillis(99)),
            Results.loadAverage());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("slice", i);
        entry.put("ours_per_second", Results.round(o.throughput()));
        entry.put("ours_p99_ms", Results.round(o.percentileMillis(99)));
        entry.put("baseline_per_second", Results.round(b.throughput()));
        entry.put("baseline_p99_ms", Results.round(b.percentileMillis(99)));
        entry.put("load_average_after", Results.loadAverage());
        sliceLog.add(entry);
      }
    }
    Load.Result ours = Load.merge(oursParts);
    Load.Result bare = Load.merge(bareParts);
    print("ours (POST /v1/jobs)", ours);
    print("bare JobRunr (enqueue)", bare);

    double throughputRatio = ours.throughput() / bare.throughput();
    double p50Ratio = ours.percentileMillis(50) / bare.percentileMillis(50);
    double p99Ratio = ours.percentileMillis(99) / bare.percentileMillis(99);
    boolean met = ours.throughput() >= GOAL_THROUGHPUT && ours.percentileMillis(99) <= GOAL_P99_MS;
    System.out.printf(
        "%nsubmission summary: ours %.0f/s p50 %s ms p99 %s ms | bare %.0f/s p50 %s ms p99 %s ms%n",
        ours.throughput(),
        Results.fmt(ours.percentileMillis(50)),
        Results.fmt(ours.percentileMillis(99)),
        bare.throughput(),
        Results.fmt(bare.percentileMillis(50)),
        Results.fmt(bare.percentileMillis(99)));
    System.out.printf(
        "  ratio ours/bare: throughput %.2f, p50 %.2f, p99 %.2f; goal >= %.0f/s with p99 <= %.0f ms: "
            + "%s%n",
        throughputRatio, p50Ratio, p99Ratio, GOAL_THROUGHPUT, GOAL_P99_MS, met ? "met" : "not met");

    Map<String, Object> method = new LinkedHashMap<>();
    method.put(
        "ours",
        "POST /v1/jobs {\"type\":\"noop\",\"params\":{\"sleep_ms\":0}} over keep-alive HTTP/1.1 "
            + "(java.net.http.HttpClient, one shared client), app in-process with omnix.roles=api only (no worker, no "
            + "dispatcher, so nothing competes with submission); client thread i uses tenant i mod "
            + tenants
            + " (enterprise)");
    method.put(
        "baseline",
        "JobRunr 8.7.0 JobRequestScheduler.enqueue(JobRequest) into PostgresStorageProvider "
            + "(HikariCP pool 20, same as the app), no background job server");
    method.put(
        "schedule",
        "warm-up "
            + config.warmupSeconds()
            + " s ours, warm-up "
            + config.warmupSeconds()
            + " s bare, then "
            + slices
            + " x (ours "
            + slice.toMillis() / 1000.0
            + " s, bare "
            + slice.toMillis() / 1000.0
            + " s); only operations started inside a measured slice count");
    method.put("tenants", tenants);
    out.put("method", method);
    out.put("ours", ours.toMap());
    out.put("baseline", bare.toMap());
    out.put("slices", sliceLog);
    Map<String, Object> ratio = new LinkedHashMap<>();
    ratio.put("throughput_ours_over_baseline", Results.round(throughputRatio));
    ratio.put("p50_ours_over_baseline", Results.round(p50Ratio));
    ratio.put("p99_ours_over_baseline", Results.round(p99Ratio));
    out.put("ratio", ratio);
    Map<String, Object> goal = new LinkedHashMap<>();
    goal.put("throughput_per_second_at_least", GOAL_THROUGHPUT);
    goal.put("p99_ms_at_most", GOAL_P99_MS);
    goal.put("met", met);
    out.put("goal", goal);
    out.put("load_average_at_end", Results.loadAverage());
    return out;
  }

  private static void print(String who, Load.Result r) {
    System.out.printf(
        "%s: %d ok, %d errors in %.0f s -> %.1f/s; latency ms p50 %s p90 %s p99 %s p99.9 %s max %s%n",
        who,
        r.ok(),
        r.errors(),
        r.seconds(),
        r.throughput(),
        Results.fmt(r.percentileMillis(50)),
        Results.fmt(r.percentileMillis(90)),
        Results.fmt(r.percentileMillis(99)),
        Results.fmt(r.percentileMillis(99.9)),
        Results.fmt(
            r.latencyMicros().getTotalCount() == 0
                ? Double.NaN
                : r.latencyMicros().getMaxValue() / 1000.0));
    if (!r.errorSamples().isEmpty()) {
      System.out.println("  error samples: " + r.errorSamples());
    }
  }
}
