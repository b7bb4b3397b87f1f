package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jobrunr.jobs.states.StateName;

/**
 * Benchmark 2: how fast no-op jobs go from submission to succeeded. Ours: BENCH_JOBS jobs submitted
 * through the API to one process with roles api,worker (JobRunr worker count 8), spread round-robin
 * over several enterprise tenants because each tenant may only have 16 jobs in flight; done when
 * the jobs table shows them all finished. Baseline: bare JobRunr with a background job server of
 * the same worker count and poll interval, the same count of no-op JobRequests enqueued from the
 * same number of threads; done when JobRunr's storage counts them all SUCCEEDED. Both first run an
 * untimed warm-up batch on the same instance.
 */
final class EndToEndBench {
  static final double GOAL_RATIO = 1.0;
  private static final long POLL_MS = 100;

  private EndToEndBench() {}

  /** A counter of finished jobs: succeeded first, then all terminal ones. */
  interface Counter {
    long[] succeededAndTerminal() throws Exception;
  }

  /** Something that submits job number {@code j}. */
  interface Submitter {
    void submit(int j) throws Exception;
  }

  record Round(
      int submitted,
      int submitErrors,
      double submitSeconds,
      double totalSeconds,
      long succeeded,
      long terminal,
      boolean timedOut,
      List<String> errorSamples) {
    double jobsPerSecond() {
      return succeeded / totalSeconds;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("jobs_submitted", submitted);
      m.put("submit_errors", submitErrors);
      m.put("jobs_succeeded", succeeded);
      m.put("jobs_finished_not_succeeded", terminal - succeeded);
      m.put("submit_phase_seconds", Results.round(submitSeconds));
      m.put("first_submit_to_all_finished_seconds", Results.round(totalSeconds));
      m.put("jobs_per_second", Results.round(jobsPerSecond()));
      m.put("timed_out", timedOut);
      m.put("error_samples", errorSamples);
      return m;
    }
  }

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("end-to-end", config);
    int n = config.jobs();
    int warm = Math.min(200, Math.max(10, n / 10));
    int tenants = config.tenants();

    System.out.printf(
        "%n== end-to-end: ours (%d no-op jobs via the API, roles=api,worker, worker-count %d, "
            + "%d tenants, %d client threads) ==%n",
        n, config.workerCount(), tenants, config.threads());
    Round ours;
    String oursDb = SharedPostgres.newDatabase("bench_e2e_ours");
    try (PipelineApp app =
            PipelineApp.start(
                oursDb,
                "api,worker",
                Map.of(
                    "jobrunr.background-job-server.worker-count",
                    String.valueOf(config.workerCount())));
        Connection db = DriverManager.getConnection(oursDb, "postgres", "")) {
      ApiClient api = new ApiClient(app.baseUrl);
      List<String> keys = new ArrayList<>();
      for (int i = 1; i <= tenants; i++) {
        keys.add(api.createTenant(app.adminKey, "bench-e2e-" + i));
      }
      Submitter submitter = j -> api.submit(keys.get(j % keys.size()), ApiClient.NOOP_JOB);
      Counter counter =
          () -> {
            try (Statement s = db.createStatement();
                ResultSet rs =
                    s.executeQuery(
                        "select count(*) filter (where status = 'succeeded'), "
                            + "count(*) filter (where status in ('succeeded', 'failed', 'canceled')) from jobs")) {
              rs.next();
              return new long[] {rs.getLong(1), rs.getLong(2)};
            }
          };
      Round warmup = round(warm, 0, config, submitter, counter);
      System.out.printf("warm-up: %d jobs in %.1f s%n", warm, warmup.totalSeconds());
      ours = round(n, warmup.terminal(), config, submitter, counter);
    }
    print("ours", ours);
    String loadAfterOurs = Results.loadAverage();

    System.out.printf(
        "%n== end-to-end: bare JobRunr (%d no-op JobRequests, worker count %d, poll interval 5 s) ==%n",
        n, config.workerCount());
    Round bare;
    try (BareJobRunr jobRunr =
        BareJobRunr.start(SharedPostgres.newDatabase("bench_e2e_bare"), config.workerCount())) {
      Submitter submitter = j -> jobRunr.scheduler.enqueue(new BareNoopRequest(0));
      Counter counter =
          () -> {
            long succeeded = jobRunr.storage.countJobs(StateName.SUCCEEDED);
            return new long[] {succeeded, succeeded + jobRunr.storage.countJobs(StateName.FAILED)};
          };
      Round warmup = round(warm, 0, config, submitter, counter);
      System.out.printf("warm-up: %d jobs in %.1f s%n", warm, warmup.totalSeconds());
      bare = round(n, warmup.terminal(), config, submitter, counter);
    }
    print("bare JobRunr", bare);
    String loadAfterBare = Results.loadAverage();

    double ratio = ours.jobsPerSecond() / bare.jobsPerSecond();
    System.out.printf(
        "%nend-to-end summary: ours %.1f jobs/s (%.1f s) | bare %.1f jobs/s (%.1f s) | ratio ours/bare "
            + "%.2f; goal >= %.1f: %s%n",
        ours.jobsPerSecond(),
        ours.totalSeconds(),
        bare.jobsPerSecond(),
        bare.totalSeconds(),
        ratio,
        GOAL_RATIO,
        ratio >= GOAL_RATIO && !ours.timedOut() ? "met" : "not met");

    Map<String, Object> method = new LinkedHashMap<>();
    method.put(
        "ours",
        "one in-process app with omnix.roles=api,worker, jobrunr worker-count "
            + config.workerCount()
            + ", poll interval 5 s; jobs {\"type\":\"noop\",\"params\":{\"sleep_ms\":0}} "
            + "POSTed by "
            + config.threads()
            + " client threads, job j to tenant j mod "
            + tenants
            + " (enterprise, 16 in flight each); finished = SQL count on jobs.status polled every "
            + POLL_MS
            + " ms");
    method.put(
        "baseline",
        "bare JobRunr 8.7.0 background job server (worker count "
            + config.workerCount()
            + ", poll interval 5 s, multiplicand 4), HikariCP pool 20, JobRequestScheduler.enqueue from "
            + config.threads()
            + " threads; finished = StorageProvider.countJobs(SUCCEEDED) polled every "
            + POLL_MS
            + " ms");
    method.put("warmup_jobs_each", warm);
    method.put("timed_jobs", n);
    out.put("method", method);
    out.put("ours", ours.toMap());
    out.put("baseline", bare.toMap());
    out.put("ratio_jobs_per_second_ours_over_baseline", Results.round(ratio));
    Map<String, Object> goal = new LinkedHashMap<>();
    goal.put("ratio_at_least", GOAL_RATIO);
    goal.put("met", ratio >= GOAL_RATIO && !ours.timedOut());
    out.put("goal", goal);
    out.put("load_average_after_ours", loadAfterOurs);
    out.put("load_average_after_baseline", loadAfterBare);
    return out;
  }

  /**
   * Submits {@code count} jobs from the configured number of threads and waits until {@code before
   * + submitted} jobs are finished.
   */
  private static Round round(
      int count, long before, BenchConfig config, Submitter submitter, Counter counter)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong lastSubmitDone = new AtomicLong();
    List<String> samples = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < config.threads(); i++) {
      Thread thread =
          new Thread(
              () -> {
                int j;
                while ((j = next.getAndIncrement()) < count
                    && !Thread.currentThread().isInterrupted()) {
                  try {
                    submitter.submit(j);
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
    threads.forEach(Thread::start);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(config.e2eTimeoutSeconds());
    for (Thread thread : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      thread.join(Math.max(1, left));
    }
    threads.forEach(Thread::interrupt);
    int submitted = Math.min(count, next.get()) - errors.get();
    double submitSeconds = (lastSubmitDone.get() - t0) / 1e9;
    long target = before + submitted;
    long[] counts = counter.succeededAndTerminal();
    while (counts[1] < target && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MS);
      counts = counter.succeededAndTerminal();
    }
    double total = (System.nanoTime() - t0) / 1e9;
    boolean timedOut = counts[1] < target;
    return new Round(
        submitted,
        errors.get(),
        submitSeconds,
        total,
        counts[0] - before,
        counts[1] - before,
        timedOut,
        List.copyOf(samples));
  }

  private static void print(String who, Round r) {
    System.out.printf(
        "%s: %d submitted (%d errors) in %.1f s; %d succeeded, %d other terminal; first submit to all "
            + "finished %.1f s -> %.1f jobs/s%s%n",
        who,
        r.submitted(),
        r.submitErrors(),
        r.submitSeconds(),
        r.succeeded(),
        r.terminal() - r.succeeded(),
        r.totalSeconds(),
        r.jobsPerSecond(),
        r.timedOut() ? " (TIMED OUT)" : "");
    if (!r.errorSamples().isEmpty()) {
      System.out.println("  error samples: " + r.errorSamples());
    }
  }
}
