package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What escrow costs at submit: {@code POST /v1/jobs} of a billable job (a {@code probe} of an
 * uploaded asset, 0.5 credit) against two api-only applications, one with escrow on (the default:
 * the reservation in the insert's transaction) and one with {@code
 * omnix.billing.escrow.enabled=false}; same tenants, threads and alternating slices. Goal: with
 * reservation ≥ 0.9× without.
 */
final class EscrowBench {
  static final double GOAL_RATIO = 0.9;

  private EscrowBench() {}

  private record Side(PipelineApp app, ApiClient api, List<String> keys, List<String> jobs) {}

  private static Side prepare(PipelineApp app, int tenants, String prefix) throws Exception {
    ApiClient api = new ApiClient(app.baseUrl);
    List<String> keys = new ArrayList<>();
    List<String> jobs = new ArrayList<>();
    for (int i = 1; i <= tenants; i++) {
      String id = prefix + "-" + i;
      String key = api.createTenant(app.adminKey, id);
      var granted =
          api.post(
              "/v1/tenants/" + id + "/credit-grants",
              app.adminKey,
              "{\"amount\":\"10000000\",\"reason\":\"benchmark\"}");
      if (granted.statusCode() != 201) {
        throw new IllegalStateException("grant answered " + granted.statusCode());
      }
      String asset = api.upload(key, "clip.mp4", new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
      keys.add(key);
      jobs.add("{\"type\":\"probe\",\"input\":{\"asset_id\":\"" + asset + "\"}}");
    }
    return new Side(app, api, keys, jobs);
  }

  private static IntFunction<Load.Op> load(Side side) {
    return thread -> {
      int t = thread % side.keys().size();
      return () -> side.api().submit(side.keys().get(t), side.jobs().get(t));
    };
  }

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("escrow", config);
    Duration warmup = Duration.ofSeconds(config.warmupSeconds());
    int slices = config.seconds() >= 3 ? 3 : 1;
    Duration slice = Duration.ofMillis(config.seconds() * 1000L / slices);
    int tenants = Math.max(config.tenants(), 8);
    System.out.printf(
        "%n== escrow: POST /v1/jobs (probe, 0.5 credit) with reservation on vs off; roles=api, %d tenants, %d"
            + " threads; warm-up %d s each, then %d alternating slices of %.1f s ==%n",
        tenants, config.threads(), config.warmupSeconds(), slices, slice.toMillis() / 1000.0);
    List<Load.Result> onParts = new ArrayList<>();
    List<Load.Result> offParts = new ArrayList<>();
    List<Map<String, Object>> sliceLog = new ArrayList<>();
    try (PipelineApp on =
            PipelineApp.start(SharedPostgres.newDatabase("bench_escrow_on"), "api", Map.of());
        PipelineApp off =
            PipelineApp.start(
                SharedPostgres.newDatabase("bench_escrow_off"),
                "api",
                Map.of("omnix.billing.escrow.enabled", "false"))) {
      IntFunction<Load.Op> withEscrow = load(prepare(on, tenants, "bench-escrow-on"));
      IntFunction<Load.Op> without = load(prepare(off, tenants, "bench-escrow-off"));
      Load.run(config.threads(), Duration.ZERO, warmup, withEscrow);
      Load.run(config.threads(), Duration.ZERO, warmup, without);
      for (int i = 1; i <= slices; i++) {
        Load.Result a = Load.run(config.threads(), Duration.ZERO, slice, withEscrow);
        onParts.add(a);
        Load.Result b = Load.run(config.threads(), Duration.ZERO, slice, without);
        offParts.add(b);
        System.out.printf(
            "slice %d: escrow on %.0f/s p99 %s ms | off %.0f/s p99 %s ms | load average %s%n",
            i,
            a.throughput(),
            Results.fmt(a.percentileMillis(99)),
            b.throughput(),
            Results.fmt(b.percentileMillis(99)),
            Results.loadAverage());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("slice", i);
        entry.put("on_per_second", Results.round(a.throughput()));
        entry.put("on_p99_ms", Results.round(a.percentileMillis(99)));
        entry.put("off_per_second", Results.round(b.throughput()));
        entry.put("off_p99_ms", Results.round(b.percentileMillis(99)));
        entry.put("load_average_after", Results.loadAverage());
        sliceLog.add(entry);
      }
    }
    Load.Result on = Load.merge(onParts);
    Load.Result off = Load.merge(offParts);
    double ratio = on.throughput() / off.throughput();
    System.out.printf(
        "%nescrow summary: on %.0f/s p50 %s p99 %s ms (%d errors) | off %.0f/s p50 %s p99 %s ms (%d errors);"
            + " ratio on/off %.2f, goal >= %.1f: %s%n",
        on.throughput(),
        Results.fmt(on.percentileMillis(50)),
        Results.fmt(on.percentileMillis(99)),
        on.errors(),
        off.throughput(),
        Results.fmt(off.percentileMillis(50)),
        Results.fmt(off.percentileMillis(99)),
        off.errors(),
        ratio,
        GOAL_RATIO,
        ratio >= GOAL_RATIO ? "met" : "not met");
    if (!on.errorSamples().isEmpty()) {
      System.out.println("  on error samples: " + on.errorSamples());
    }
    out.put("on", on.toMap());
    out.put("off", off.toMap());
    out.put("slices", sliceLog);
    out.put("ratio_on_over_off", Results.round(ratio));
    out.put("goal_met", ratio >= GOAL_RATIO);
    out.put("load_average_at_end", Results.loadAverage());
    return out;
  }
}
