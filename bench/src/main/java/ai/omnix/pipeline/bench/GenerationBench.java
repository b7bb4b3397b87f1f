package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.generation.catalog.CatalogModel;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.job.GenerationJobType;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.route.GenerationSpec;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import ai.omnix.pipeline.providers.guard.ProviderLimits;
import ai.omnix.pipeline.testkit.SharedPostgres;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 8: {@code generate-image} jobs against a stub fal queue ({@link FalStub}) whose
 * requests take BENCH_GEN_LATENCY_MS (2 s) each, at most BENCH_GEN_CAPACITY (100) in flight, so its
 * capacity is 50 requests/s.
 *
 * <ol>
 *   <li>Router overhead: the per-request decisions of a submit (ModelRouter.routes, the endpoint's
 *       circuit, the provider's token bucket and call slot) timed in-process, against a HashMap
 *       lookup of the model.
 *   <li>Baseline: the stub driven directly by a bare java.net.http client, one thread per capacity
 *       slot, each submitting, polling (first after fal's 1 s hint, then every 100 ms), fetching
 *       the result and downloading the PNG before its next submit. It never exceeds the stub's
 *       capacity, so it shows what the stub can deliver on this machine for the same batch size.
 *   <li>Ours: one in-process app (roles api,worker, JobRunr worker count BENCH_WORKER_COUNT) with
 *       only fal configured, pointed at the stub, its rate limit at the stub's capacity;
 *       BENCH_GEN_JOBS (1,000) jobs submitted over HTTP as fast as possible across BENCH_TENANTS
 *       enterprise tenants; jobs/s from the first submit to the last job's finished_at.
 * </ol>
 */
final class GenerationBench {
  static final double GOAL_RATIO = 0.95;
  private static final String KEY = "bench-fal-key";
  private static final String MODEL = "flux-schnell";
  private static final long POLL_MS = 100;
  private static final int STUB_THREADS = 64;
  private static final long BARE_FIRST_POLL_MS = 1_000;
  private static final long BARE_POLL_MS = 100;

  private GenerationBench() {}

  static Map<String, Object> run(BenchConfig config) throws Exception {
    int latencyMs = BenchConfig.intEnv("BENCH_GEN_LATENCY_MS", 2000, 10, 60_000);
    int capacity = BenchConfig.intEnv("BENCH_GEN_CAPACITY", 100, 1, 2_000);
    int jobs = BenchConfig.intEnv("BENCH_GEN_JOBS", 1000, 10, 100_000);
    int routerCalls = BenchConfig.intEnv("BENCH_GEN_ROUTER_CALLS", 1_000_000, 1_000, 100_000_000);
    int burst = BenchConfig.intEnv("BENCH_GEN_BURST", 1, 1, 10_000);
    // The router's rate limit, as a percentage of the stub's capacity (100: exactly capacity /
    // latency).
    int ratePercent = BenchConfig.intEnv("BENCH_GEN_RATE_PERCENT", 100, 1, 1_000);
    // The fal provider's cluster-wide cap on operations in flight (0: none, the rate limit alone).
    int maxInFlight = BenchConfig.intEnv("BENCH_GEN_MAX_IN_FLIGHT", 0, 0, 100_000);
    double stubCapacity = capacity * 1000.0 / latencyMs;
    double rate = stubCapacity * ratePercent / 100.0;

    Map<String, Object> out = Results.header("generation", config);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("BENCH_GEN_LATENCY_MS", latencyMs);
    settings.put("BENCH_GEN_CAPACITY", capacity);
    settings.put("BENCH_GEN_JOBS", jobs);
    settings.put("BENCH_GEN_ROUTER_CALLS", routerCalls);
    settings.put("BENCH_GEN_BURST", burst);
    settings.put("BENCH_GEN_RATE_PERCENT", ratePercent);
    settings.put("BENCH_GEN_MAX_IN_FLIGHT", maxInFlight);
    out.put("generation_settings", settings);

    System.out.printf("%n== generation: router overhead (%,d calls per round) ==%n", routerCalls);
    out.put("router_overhead", routerOverhead(routerCalls));

    System.out.printf(
        "%n== generation: baseline, bare client against the stub (%d jobs, %d slots, latency %d ms, "
            + "capacity %d -> %.1f/s) ==%n",
        jobs, capacity, latencyMs, capacity, stubCapacity);
    Map<String, Object> bare;
    try (FalStub stub = new FalStub(latencyMs, capacity, STUB_THREADS, KEY)) {
      bare = bareClient(stub, jobs, config);
    }
    double bareRate = (Double) bare.get("jobs_per_second_exact");
    bare.remove("jobs_per_second_exact");
    out.put("baseline", bare);
    String loadAfterBare = Results.loadAverage();

    System.out.printf(
        "%n== generation: ours (%d generate-image jobs, model %s, fal at the stub, rate limit %.1f/s "
            + "burst %d, max in flight %d, worker-count %d, %d tenants, %d client threads) ==%n",
        jobs,
        MODEL,
        rate,
        burst,
        maxInFlight,
        config.workerCount(),
        config.tenants(),
        config.threads());
    Map<String, Object> ours;
    try (FalStub stub = new FalStub(latencyMs, capacity, STUB_THREADS, KEY)) {
      ours = pipeline(stub, jobs, rate, burst, maxInFlight, config);
    }
    double oursRate = (Double) ours.get("jobs_per_second_exact");
    ours.remove("jobs_per_second_exact");
    boolean timedOut = Boolean.TRUE.equals(ours.get("timed_out"));
    out.put("ours", ours);
    String loadAfterOurs = Results.loadAverage();

    double ratio = oursRate / bareRate;
    double batchBound = jobs / (jobs / stubCapacity + latencyMs / 1000.0);
    System.out.printf(
        "%ngeneration summary: ours %.2f jobs/s | bare client %.2f jobs/s | ratio %.3f (goal >= %.2f: "
            + "%s) | stub capacity %.1f/s (ours/capacity %.3f; a %d-job batch paced at capacity ends no earlier than "
            + "%.2f jobs/s)%n",
        oursRate,
        bareRate,
        ratio,
        GOAL_RATIO,
        ratio >= GOAL_RATIO && !timedOut ? "met" : "not met",
        stubCapacity,
        oursRate / stubCapacity,
        jobs,
        batchBound);

    Map<String, Object> capacityInfo = new LinkedHashMap<>();
    capacityInfo.put("theoretical_jobs_per_second", Results.round(stubCapacity));
    capacityInfo.put("batch_bound_jobs_per_second", Results.round(batchBound));
    capacityInfo.put(
        "batch_bound_note",
        "jobs / (jobs / capacity + latency): the batch's last submit cannot happen"
            + " before jobs / capacity, and it completes latency later");
    out.put("stub_capacity", capacityInfo);
    out.put("ratio_ours_over_baseline", Results.round(ratio));
    out.put("ratio_ours_over_theoretical_capacity", Results.round(oursRate / stubCapacity));
    out.put("ratio_baseline_over_theoretical_capacity", Results.round(bareRate / stubCapacity));
    Map<String, Object> goal = new LinkedHashMap<>();
    goal.put("ratio_at_least", GOAL_RATIO);
    goal.put("of", "the baseline measured in this run (bare client against the same stub)");
    goal.put("met", ratio >= GOAL_RATIO && !timedOut);
    out.put("goal", goal);
    out.put("load_average_after_baseline", loadAfterBare);
    out.put("load_average_after_ours", loadAfterOurs);
    return out;
  }

  // ---- router overhead
  // --------------------------------------------------------------------------------------

  /** Defeats dead-code elimination of the timed loops. */
  private static volatile long sink;

  private static Map<String, Object> routerOverhead(int calls) throws Exception {
    ModelCatalog catalog = ModelCatalog.bundled();
    ModelRouter router = new ModelRouter(catalog, Set.of("fal"));
    // A limit no loop reaches, so every call takes the granted path the handler takes before a
    // submit.
    ProviderGuards guards =
        new ProviderGuards(
            Map.of("fal", new ProviderLimits(1e9, 1_000_000, 1_000_000)),
            ProviderGuards.CircuitSettings.DEFAULT,
            Clock.systemUTC());
    Map<String, CatalogModel> byId = new HashMap<>();
    for (Capability c : Capability.values()) {
      catalog.withCapability(c).forEach(m -> byId.put(m.id(), m));
    }
    GenerationSpec explicit = new GenerationSpec(Capability.IMAGE, MODEL, null, 1, 0);
    GenerationSpec cheapest = new GenerationSpec(Capability.IMAGE, null, null, 1, 0);
    int imageRoutes = router.routes(cheapest).size();

    Loop lookup =
        n -> {
          long acc = 0;
          for (int i = 0; i < n; i++) {
            CatalogModel m = byId.get(explicit.model());
            acc += m.endpoints().size() + m.maxCount();
          }
          return acc;
        };
    Loop routedExplicit = n -> decisions(router, guards, explicit, n);
    Loop routedCheapest = n -> decisions(router, guards, cheapest, n);
    Loop routesOnly =
        n -> {
          long acc = 0;
          for (int i = 0; i < n; i++) {
            acc += router.routes(explicit).get(0).credits();
          }
          return acc;
        };
    List<Loop> loops = List.of(lookup, routedExplicit, routedCheapest, routesOnly);
    int warmRounds = 3;
    int rounds = 5;
    double[][] ns = new double[loops.size()][rounds];
    for (int r = 0; r < warmRounds; r++) {
      for (Loop loop : loops) {
        sink += loop.run(Math.max(1_000, calls / 5));
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int l = 0; l < loops.size(); l++) {
        long t0 = System.nanoTime();
        sink += loops.get(l).run(calls);
        ns[l][r] = (System.nanoTime() - t0) / (double) calls;
      }
    }
    double base = median(ns[0]);
    double ex = median(ns[1]);
    double ch = median(ns[2]);
    double ro = median(ns[3]);
    System.out.printf("baseline HashMap lookup of the model: %.1f ns/request%n", base);
    System.out.printf(
        "routes(model=%s) + circuit permission + token + call slot + onSuccess: %.1f ns/request "
            + "(%.1fx the lookup; routes() alone %.1f ns)%n",
        MODEL, ex, ex / base, ro);
    System.out.printf(
        "the same with no model (cheapest of %d image routes): %.1f ns/request%n", imageRoutes, ch);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "method",
        "single thread, in-process, after "
            + warmRounds
            + " warm-up rounds of "
            + Math.max(1_000, calls / 5)
            + " calls per loop; "
            + rounds
            + " rounds of "
            + calls
            + " calls per loop, loops interleaved; "
            + "median round's ns per call. Decisions per request = what GenerationJobHandler.submitNext does around the "
            + "HTTP submit: ModelRouter.routes(spec), guards.circuit(key).tryAcquirePermission(), "
            + "guards.reserveSubmit(provider) (Bucket4j, limit set so it always grants at once), tryEnterCall/exitCall, "
            + "circuit.onSuccess(elapsed). Router over the bundled catalog with only 'fal' configured.");
    m.put(
        "baseline",
        "HashMap<String, CatalogModel>.get(model id) plus reading two fields: the least any router "
            + "must do to find the model");
    m.put("baseline_ns_per_request", Results.round(base));
    m.put("decisions_explicit_model_ns_per_request", Results.round(ex));
    m.put("ratio_explicit_over_baseline", Results.round(ex / base));
    m.put("routes_only_explicit_model_ns_per_request", Results.round(ro));
    m.put("decisions_cheapest_route_ns_per_request", Results.round(ch));
    m.put("cheapest_route_candidates", imageRoutes);
    m.put("ratio_cheapest_over_baseline", Results.round(ch / base));
    m.put(
        "rounds_ns_per_request",
        Map.of(
            "baseline",
            round(ns[0]),
            "explicit",
            round(ns[1]),
            "cheapest",
            round(ns[2]),
            "routes_only",
            round(ns[3])));
    return m;
  }

  private interface Loop {
    long run(int n) throws Exception;
  }

  private static long decisions(
      ModelRouter router, ProviderGuards guards, GenerationSpec spec, int n) throws Exception {
    long acc = 0;
    for (int i = 0; i < n; i++) {
      List<Route> routes = router.routes(spec);
      Route route = routes.get(0);
      CircuitBreaker circuit = guards.circuit(route.key());
      if (!circuit.tryAcquirePermission()) {
        throw new IllegalStateException(
            "circuit " + route.key() + " refused in the router benchmark");
      }
      boolean now =
          guards
              .reserveSubmit(route.provider(), Duration.ofSeconds(30))
              .filter(Duration::isZero)
              .isPresent();
      if (!now || !guards.tryEnterCall(route.provider())) {
        circuit.releasePermission();
        throw new IllegalStateException("rate limit reached in the router benchmark");
      }
      long started = System.nanoTime();
      circuit.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      guards.exitCall(route.provider());
      acc += routes.size() + route.credits();
    }
    return acc;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static List<Object> round(double[] values) {
    List<Object> list = new ArrayList<>();
    for (double v : values) {
      list.add(Results.round(v));
    }
    return list;
  }

  // ---- baseline: a bare client against the stub
  // ----------------------------------------------------------------

  private static Map<String, Object> bareClient(FalStub stub, int jobs, BenchConfig config)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    int warm = Math.min(stub.capacity * 2, Math.max(10, jobs / 5));
    Map<String, Object> warmup = bareRound(stub, http, warm, config);
    System.out.printf("warm-up: %s jobs in %s s%n", warmup.get("jobs_done"), warmup.get("seconds"));
    Thread.sleep(stub.latencyMillis + 200);
    stub.resetCounters();
    Map<String, Object> timed = bareRound(stub, http, jobs, config);
    timed.put("stub", stub.counters());
    System.out.printf(
        "bare client: %s of %d jobs done (%s errors) in %s s -> %s jobs/s; stub: %s%n",
        timed.get("jobs_done"),
        jobs,
        timed.get("errors"),
        timed.get("seconds"),
        timed.get("jobs_per_second"),
        stub.counters());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "method",
        "bare java.net.http client (HTTP/1.1), "
            + stub.capacity
            + " threads (one per capacity slot), "
            + "each: POST submit, first status poll "
            + BARE_FIRST_POLL_MS
            + " ms after it (fal's image hint), then "
            + "every "
            + BARE_POLL_MS
            + " ms until COMPLETED, GET result, GET the PNG, next job; on 429 wait "
            + "Retry-After and submit again. Untimed warm-up of "
            + warm
            + " jobs first.");
    m.putAll(timed);
    return m;
  }

  private static Map<String, Object> bareRound(
      FalStub stub, HttpClient http, int jobs, BenchConfig config) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong retried429 = new AtomicLong();
    AtomicLong lastDone = new AtomicLong();
    List<String> samples = new CopyOnWriteArrayList<>();
    String auth = "Key " + KEY;
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < stub.capacity; s++) {
      Thread thread =
          new Thread(
              () -> {
                int j;
                while ((j = next.getAndIncrement()) < jobs
                    && !Thread.currentThread().isInterrupted()) {
                  try {
                    HttpResponse<String> submitted;
                    while (true) {
                      submitted =
                          http.send(
                              HttpRequest.newBuilder(URI.create(stub.baseUrl + "/" + FalStub.MODEL))
                                  .header("Authorization", auth)
                                  .header("Content-Type", "application/json")
                                  .POST(
                                      HttpRequest.BodyPublishers.ofString(
                                          "{\"prompt\":\"bench " + j + "\",\"num_images\":1}"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (submitted.statusCode() != 429) {
                        break;
                      }
                      retried429.incrementAndGet();
                      Thread.sleep(
                          1000L
                              * Long.parseLong(
                                  submitted.headers().firstValue("Retry-After").orElse("1")));
                    }
                    expect(submitted, 200);
                    Map<String, Object> answer = ApiClient.parse(submitted.body());
                    String statusUrl = (String) answer.get("status_url");
                    String responseUrl = (String) answer.get("response_url");
                    Thread.sleep(BARE_FIRST_POLL_MS);
                    while (true) {
                      HttpResponse<String> status =
                          http.send(
                              HttpRequest.newBuilder(URI.create(statusUrl))
                                  .header("Authorization", auth)
                                  .GET()
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      expect(status, 200);
                      if ("COMPLETED".equals(ApiClient.parse(status.body()).get("status"))) {
                        break;
                      }
                      Thread.sleep(BARE_POLL_MS);
                    }
                    HttpResponse<String> result =
                        http.send(
                            HttpRequest.newBuilder(URI.create(responseUrl))
                                .header("Authorization", auth)
                                .GET()
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    expect(result, 200);
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> images =
                        (List<Map<String, Object>>) ApiClient.parse(result.body()).get("images");
                    HttpResponse<byte[]> file =
                        http.send(
                            HttpRequest.newBuilder(URI.create((String) images.get(0).get("url")))
                                .GET()
                                .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (file.statusCode() != 200 || file.body().length < 8) {
                      throw new IllegalStateException("download answered " + file.statusCode());
                    }
                    done.incrementAndGet();
                    lastDone.accumulateAndGet(System.nanoTime(), Math::max);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    if (samples.size() < 5) {
                      samples.add(
                          e.getClass().getSimpleName()
                              + ": "
                              + ApiClient.abbreviate(e.getMessage()));
                    }
                  }
                }
              },
              "bare-fal-" + s);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(config.e2eTimeoutSeconds());
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    threads.forEach(Thread::interrupt);
    double seconds = (lastDone.get() - t0) / 1e9;
    double perSecond = done.get() / seconds;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobs_done", done.get());
    m.put("errors", errors.get());
    m.put("submits_retried_after_429", retried429.get());
    m.put("seconds", Results.round(seconds));
    m.put("jobs_per_second", Results.round(perSecond));
    m.put("jobs_per_second_exact", perSecond);
    m.put("error_samples", List.copyOf(samples));
    return m;
  }

  private static void expect(HttpResponse<?> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri().getPath()
              + " answered "
              + response.statusCode());
    }
  }

  // ---- ours: generate-image jobs through the pipeline
  // ---------------------------------------------------------

  private static Map<String, Object> pipeline(
      FalStub stub, int jobs, double rate, int burst, int maxInFlight, BenchConfig config)
      throws Exception {
    String db = SharedPostgres.newDatabase("bench_generation");
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("jobrunr.background-job-server.worker-count", String.valueOf(config.workerCount()));
    extra.put("omnix.generation.offline", "false");
    extra.put("omnix.generation.providers.fal.api-key", KEY);
    extra.put("omnix.generation.providers.fal.base-url", stub.baseUrl);
    // the stub's file URLs are on loopback, which generated-file downloads refuse unless
    // allow-listed
    extra.put("omnix.outbound.allowed-cidrs", "127.0.0.0/8");
    extra.put("omnix.generation.providers.fal.requests-per-second", String.valueOf(rate));
    extra.put("omnix.generation.providers.fal.burst", String.valueOf(burst));
    extra.put("omnix.generation.providers.fal.max-in-flight", String.valueOf(maxInFlight));
    // Keys from the environment must not add routes: only fal serves this run.
    extra.put("omnix.generation.providers.openai.api-key", "");
    extra.put("omnix.generation.providers.google.api-key", "");
    int warm = Math.min(100, Math.max(10, jobs / 10));
    try (PipelineApp app = PipelineApp.start(db, "api,worker", extra);
        Connection sql = DriverManager.getConnection(db, "postgres", "")) {
      ApiClient api = new ApiClient(app.baseUrl);
      List<String> keys = new ArrayList<>();
      for (int i = 1; i <= config.tenants(); i++) {
        keys.add(api.createTenant(app.adminKey, "bench-gen-" + i));
      }
      Round warmup = round(api, keys, sql, stub, warm, config);
      System.out.printf(
          "warm-up: %d jobs, %d succeeded, in %.1f s%n", warm, warmup.succeeded, warmup.seconds);
      Thread.sleep(stub.latencyMillis + 200);
      stub.resetCounters();
      Round timed = round(api, keys, sql, stub, jobs, config);
      Map<String, Object> stubCounters = stub.counters();
      Map<String, Object> details = details(sql, timed.from);
      System.out.printf(
          "ours: %d submitted (%d errors) in %.1f s; %d succeeded, %d failed/canceled; first submit "
              + "to last finished %.2f s -> %.2f jobs/s%s%n",
          timed.submitted,
          timed.submitErrors,
          timed.submitSeconds,
          timed.succeeded,
          timed.terminal - timed.succeeded,
          timed.seconds,
          timed.succeeded / timed.seconds,
          timed.timedOut ? " (TIMED OUT)" : "");
      System.out.printf(
          "  stub: %s%n  threads: %s%n  details: %s%n", stubCounters, timed.threads, details);

      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "method",
          "in-process app, omnix.roles=api,worker, jobrunr worker-count "
              + config.workerCount()
              + ", omnix.generation.offline=false, only fal configured (base-url = the stub), fal requests-per-second "
              + Results.round(rate)
              + ", burst "
              + burst
              + ", max-in-flight "
              + maxInFlight
              + ", max-concurrent-calls default (16); jobs "
              + "{\"type\":\""
              + GenerationJobType.IMAGE
              + "\",\"params\":{\"prompt\":…,\"model\":\""
              + MODEL
              + "\"}} "
              + "POSTed by "
              + config.threads()
              + " client threads round-robin over "
              + config.tenants()
              + " enterprise tenants; untimed warm-up of "
              + warm
              + " jobs first; end = max(jobs.finished_at)");
      m.put("jobs_submitted", timed.submitted);
      m.put("submit_errors", timed.submitErrors);
      m.put("submit_phase_seconds", Results.round(timed.submitSeconds));
      m.put("jobs_succeeded", timed.succeeded);
      m.put("jobs_failed_or_canceled", timed.terminal - timed.succeeded);
      m.put("first_submit_to_last_finished_seconds", Results.round(timed.seconds));
      m.put("jobs_per_second", Results.round(timed.succeeded / timed.seconds));
      m.put("jobs_per_second_exact", timed.succeeded / timed.seconds);
      m.put("timed_out", timed.timedOut);
      m.put("stub", stubCounters);
      m.put("worker_count_configured", config.workerCount());
      m.put("threads_peak", timed.threads);
      m.putAll(details);
      m.put("error_samples", timed.errorSamples);
      return m;
    }
  }

  private record Round(
      int submitted,
      int submitErrors,
      double submitSeconds,
      double seconds,
      long succeeded,
      long terminal,
      boolean timedOut,
      Instant from,
      Map<String, Object> threads,
      List<String> errorSamples) {}

  private static Round round(
      ApiClient api, List<String> keys, Connection sql, FalStub stub, int count, BenchConfig config)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong lastSubmitDone = new AtomicLong();
    List<String> samples = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    Instant from = Instant.now();
    long t0 = System.nanoTime();
    for (int i = 0; i < config.threads(); i++) {
      Thread thread =
          new Thread(
              () -> {
                int j;
                while ((j = next.getAndIncrement()) < count
                    && !Thread.currentThread().isInterrupted()) {
                  try {
                    api.submit(
                        keys.get(j % keys.size()),
                        "{\"type\":\""
                            + GenerationJobType.IMAGE
                            + "\",\"params\":"
                            + "{\"prompt\":\"a lighthouse at dusk, bench job "
                            + j
                            + "\",\"model\":\""
                            + MODEL
                            + "\"}}");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    if (samples.size() < 5) {
                      samples.add(
                          e.getClass().getSimpleName()
                              + ": "
                              + ApiClient.abbreviate(e.getMessage()));
                    }
                  }
                }
                lastSubmitDone.accumulateAndGet(System.nanoTime(), Math::max);
              },
              "submit-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    ThreadCensus census = new ThreadCensus();
    threads.forEach(Thread::start);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(config.e2eTimeoutSeconds());
    for (Thread thread : threads) {
      while (thread.isAlive() && System.nanoTime() < deadline) {
        thread.join(POLL_MS);
        census.sample();
      }
    }
    threads.forEach(Thread::interrupt);
    int submitted = Math.min(count, next.get()) - errors.get();
    double submitSeconds = (lastSubmitDone.get() - t0) / 1e9;
    long[] counts = counts(sql, from);
    long lastCensus = 0;
    while (counts[1] < submitted && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MS);
      counts = counts(sql, from);
      if (System.nanoTime() - lastCensus > TimeUnit.MILLISECONDS.toNanos(500)) {
        census.sample();
        lastCensus = System.nanoTime();
      }
    }
    boolean timedOut = counts[1] < submitted;
    double seconds = timedOut ? (System.nanoTime() - t0) / 1e9 : lastFinished(sql, from);
    return new Round(
        submitted,
        errors.get(),
        submitSeconds,
        seconds,
        counts[0],
        counts[1],
        timedOut,
        from,
        census.peaks(),
        List.copyOf(samples));
  }

  private static long[] counts(Connection sql, Instant from) throws Exception {
    try (PreparedStatement s =
        sql.prepareStatement(
            "select count(*) filter (where status = 'succeeded'), "
                + "count(*) filter (where status in ('succeeded', 'failed', 'canceled')) from jobs where created_at >= ?")) {
      s.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /**
   * Seconds from {@code from} (just before the first submit) to the last timed job's finished_at.
   */
  private static double lastFinished(Connection sql, Instant from) throws Exception {
    try (PreparedStatement s =
        sql.prepareStatement("select max(finished_at) from jobs where created_at >= ?")) {
      s.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        Instant last = rs.getTimestamp(1).toInstant();
        return Duration.between(from, last).toNanos() / 1e9;
      }
    }
  }

  /** What the jobs did: failures, retries, suspended runs, provider attempts, per-job wall time. */
  private static Map<String, Object> details(Connection sql, Instant from) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "failed_by_error_code",
        rows(
            sql,
            "select coalesce(error_code, '-') || ' (' || status || ')', count(*) "
                + "from jobs where created_at >= ? and status <> 'succeeded' group by 1 order by 2 desc",
            from));
    m.put(
        "jobs_with_more_than_one_attempt",
        single(sql, "select count(*) from jobs where created_at >= ? and " + "attempts > 1", from));
    m.put(
        "run_events",
        rows(
            sql,
            "select coalesce(e.data->>'waiting', case when e.data->>'retry_after' is not null "
                + "then 'retry_after_failure' end, e.kind || ':' || e.status), count(*) from job_events e join jobs j on "
                + "j.id = e.job_id where j.created_at >= ? and (e.data->>'waiting' is not null or "
                + "e.data->>'retry_after' is not null) group by 1 "
                + "order by 2 desc",
            from));
    m.put(
        "provider_attempts_by_outcome",
        rows(
            sql,
            "select a.outcome || coalesce(' ' || a.error_code, ''), "
                + "count(*) from provider_attempts a join jobs j on j.id = a.job_id where j.created_at >= ? group by 1 "
                + "order by 2 desc",
            from));
    Map<String, Object> wall = new LinkedHashMap<>();
    try (PreparedStatement s =
        sql.prepareStatement(
            "select "
                + "percentile_cont(0.5) within group (order by extract(epoch from finished_at - created_at)), "
                + "percentile_cont(0.99) within group (order by extract(epoch from finished_at - created_at)), "
                + "max(extract(epoch from finished_at - created_at)) from jobs where created_at >= ? and "
                + "status = 'succeeded'")) {
      s.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        wall.put("p50", Results.round(rs.getDouble(1)));
        wall.put("p99", Results.round(rs.getDouble(2)));
        wall.put("max", Results.round(rs.getDouble(3)));
      }
    }
    m.put("job_seconds_created_to_finished", wall);
    // Where a run's time goes: how late a suspended job is claimed after its resume time
    // (dispatcher and JobRunr
    // pick-up), and how long a claimed run takes until its next status change (the handler's work).
    m.put(
        "resume_lag_ms",
        percentiles(
            sql,
            "select extract(epoch from (select min(n.at) from job_events n "
                + "where n.job_id = e.job_id and n.id > e.id and n.data->>'worker' is not null) - (e.data->>'resume_at')::timestamptz) "
                + "* 1000 from job_events e join jobs j on j.id = e.job_id where j.created_at >= ? and e.data->>'resume_at' is not null",
            from));
    m.put(
        "run_ms",
        percentiles(
            sql,
            "select extract(epoch from (select min(n.at) from job_events n "
                + "where n.job_id = e.job_id and n.id > e.id and n.kind = 'status') - e.at) * 1000 "
                + "from job_events e join jobs j on j.id = e.job_id where j.created_at >= ? and e.data->>'worker' is not null",
            from));
    return m;
  }

  /** p50, p90 and p99 of the single numeric column {@code values} selects (nulls left out). */
  private static Map<String, Object> percentiles(Connection sql, String values, Instant from)
      throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    try (PreparedStatement s =
        sql.prepareStatement(
            "select percentile_cont(0.5) within group (order by v), "
                + "percentile_cont(0.9) within group (order by v), percentile_cont(0.99) within group (order by v), count(*) "
                + "from ("
                + values
                + ") x(v) where v is not null")) {
      s.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        p.put("p50", Results.round(rs.getDouble(1)));
        p.put("p90", Results.round(rs.getDouble(2)));
        p.put("p99", Results.round(rs.getDouble(3)));
        p.put("count", rs.getLong(4));
      }
    }
    return p;
  }

  private static Map<String, Object> rows(Connection sql, String query, Instant from)
      throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    try (PreparedStatement s = sql.prepareStatement(query)) {
      s.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return m;
  }

  private static long single(Connection sql, String query, Instant from) throws Exception {
    try (PreparedStatement s = sql.prepareStatement(query)) {
      s.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Peak live threads of this JVM (which also hosts the stub and the load driver), total and by
   * name.
   */
  private static final class ThreadCensus {
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
      GROUPS.put("backgroundjob-worker", "jobrunr_workers");
      GROUPS.put("HttpClient-", "java_http_client");
      GROUPS.put("fal-stub", "stub_server");
      GROUPS.put("http-nio", "tomcat");
    }

    private final Map<String, Integer> peaks = new LinkedHashMap<>();

    void sample() {
      Map<String, Integer> now = new HashMap<>();
      int total = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        total++;
        for (Map.Entry<String, String> g : GROUPS.entrySet()) {
          if (t.getName().startsWith(g.getKey())) {
            now.merge(g.getValue(), 1, Integer::sum);
          }
        }
      }
      now.put("all_threads_in_this_jvm", total);
      now.forEach((k, v) -> peaks.merge(k, v, Math::max));
    }

    Map<String, Object> peaks() {
      return new LinkedHashMap<>(peaks);
    }
  }
}
