package ai.omnix.pipeline.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Job event streams (SSE) at scale: {@code BENCH_SSE_STREAMS} (2,000) clients each follow one
 * queued job through the API ({@code roles=api}, durable commits). Measured: database transactions
 * per second while the streams are open and quiet, against the same window with no stream open
 * (same run); then events are written into the followed jobs' logs at {@code BENCH_SSE_RATE} per
 * second (as a worker's progress would be) and the time from each event's commit to its arrival at
 * the client is taken, against a bare {@code LISTEN} connection's notification latency for the same
 * inserts (the floor of any design that is woken by PostgreSQL).
 */
final class EventStreamBench {
  private EventStreamBench() {}

  private static final Map<Integer, Long> SENT_AT = new ConcurrentHashMap<>();

  static Map<String, Object> run(BenchConfig config) throws Exception {
    Map<String, Object> out = Results.header("sse", config);
    int streams = intEnv("BENCH_SSE_STREAMS", 2000);
    int rate = intEnv("BENCH_SSE_RATE", 200);
    int window = Math.max(5, Math.min(config.seconds(), 30));
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "200")
            .start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (PipelineApp app =
              PipelineApp.start(
                  url,
                  "api",
                  Map.of("omnix.api.event-streams-per-tenant", Integer.toString(streams + 10)));
          Connection db = DriverManager.getConnection(url, "postgres", "")) {
        ApiClient api = new ApiClient(app.baseUrl);
        String key = api.createTenant(app.adminKey, "bench-sse");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
          jobs.add(api.submit(key, ApiClient.NOOP_JOB));
        }
        System.out.printf(
            "%n== sse: %d streams (one queued job each, roles=api), quiet window %d s, then %d events/s"
                + " for %d s ==%n",
            streams, window, rate, window);

        double idleNoStreams = transactionsPerSecond(db, window);

        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch opened = new CountDownLatch(streams);
        AtomicInteger failures = new AtomicInteger();
        for (String job : jobs) {
          HttpRequest request =
              HttpRequest.newBuilder(URI.create(app.baseUrl + "/v1/jobs/" + job + "/events"))
                  .header("Authorization", "Bearer " + key)
                  .header("Accept", "text/event-stream")
                  .GET()
                  .build();
          http.sendAsync(
                  request,
                  HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(opened, latencies)))
              .whenComplete(
                  (r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                      failures.incrementAndGet();
                      opened.countDown();
                    }
                  });
        }
        if (!opened.await(120, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              "only " + (streams - opened.getCount()) + " streams opened within 120 s");
        }
        Thread.sleep(2000); // let the initial reads settle
        double idleWithStreams = transactionsPerSecond(db, window);

        // Events: progress rows written into random followed jobs, as a worker would.
        List<UUID> ids = jobs.stream().map(UUID::fromString).toList();
        List<Long> bare = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread listener = bareListener(url, bare);
        long before = transactionCount(db);
        long t0 = System.nanoTime();
        int total = rate * window;
        try (PreparedStatement insert =
            db.prepareStatement(
                "insert into job_events (job_id, kind, status, progress, attempt, at) values (?, 'progress', 'queued', ?, 0, now())")) {
          for (int i = 0; i < total; i++) {
            long due = t0 + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            int marker = 1_000 + i;
            insert.setObject(1, ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
            insert.setInt(2, marker);
            insert.executeUpdate();
            SENT_AT.put(marker, System.nanoTime());
          }
        }
        long seconds = Math.max(1, (System.nanoTime() - t0) / 1_000_000_000L);
        Thread.sleep(3000);
        double busy = (transactionCount(db) - before - total) / (double) seconds;
        listener.interrupt();

        long[] ours = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] floor = bare.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("transactions_per_s_no_streams", Results.round(idleNoStreams));
        idle.put("transactions_per_s_with_streams", Results.round(idleWithStreams));
        idle.put("streams", streams);
        idle.put("streams_failed_to_open", failures.get());
        out.put("quiet", idle);
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("events_written", total);
        events.put("events_received", ours.length);
        events.put("other_transactions_per_s", Results.round(busy));
        events.put("latency_ms_p50", ms(ours, 50));
        events.put("latency_ms_p99", ms(ours, 99));
        events.put("bare_listen_latency_ms_p50", ms(floor, 50));
        events.put("bare_listen_latency_ms_p99", ms(floor, 99));
        events.put(
            "p99_ratio_to_bare_listen",
            floor.length == 0 || ms(floor, 99) == 0
                ? null
                : Results.round(ms(ours, 99) / ms(floor, 99)));
        out.put("events", events);
        System.out.printf(
            "quiet: %.1f transactions/s with no stream, %.1f with %d streams open (%d failed to open)%n"
                + "events: %d written at %d/s, %d received; other transactions %.1f/s (the reads of"
                + " the followed logs); latency p50 %.2f ms p99 %.2f ms; bare LISTEN p50 %.2f ms"
                + " p99 %.2f ms%n",
            idleNoStreams,
            idleWithStreams,
            streams,
            failures.get(),
            total,
            rate,
            ours.length,
            busy,
            ms(ours, 50),
            ms(ours, 99),
            ms(floor, 50),
            ms(floor, 99));
      }
    }
    return out;
  }

  /** A client's lines: counts the stream as open at its first line, times each marked event. */
  private static final class Lines implements Flow.Subscriber<String> {
    private final CountDownLatch opened;
    private final List<Long> latencies;
    private boolean first = true;

    Lines(CountDownLatch opened, List<Long> latencies) {
      this.opened = opened;
      this.latencies = latencies;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (first) {
        first = false;
        opened.countDown();
      }
      int at = line.indexOf("\"progress\":");
      if (line.startsWith("data:") && at > 0) {
        int end = at + 11;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
          end++;
        }
        int marker = Integer.parseInt(line.substring(at + 11, end));
        Long sent = SENT_AT.get(marker);
        if (marker >= 1_000 && sent != null) {
          latencies.add(System.nanoTime() - sent);
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  /** A plain LISTEN connection: the notification latency every PostgreSQL-woken design pays. */
  private static Thread bareListener(String url, List<Long> latencies) throws Exception {
    Connection c = DriverManager.getConnection(url, "postgres", "");
    try (Statement s = c.createStatement()) {
      s.execute("listen omnix_job_events");
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    // A second trigger-free way to learn the marker: read the newest progress of the job.
    Thread t =
        new Thread(
            () -> {
              try (c;
                  PreparedStatement last =
                      c.prepareStatement(
                          "select progress from job_events where job_id = ?::uuid order by id desc limit 1")) {
                while (!Thread.currentThread().isInterrupted()) {
                  PGNotification[] ns = pg.getNotifications(500);
                  long now = System.nanoTime();
                  if (ns == null) {
                    continue;
                  }
                  for (PGNotification n : ns) {
                    last.setString(1, n.getParameter());
                    try (ResultSet rs = last.executeQuery()) {
                      if (rs.next()) {
                        Long sent = SENT_AT.get(rs.getInt(1));
                        if (sent != null) {
                          latencies.add(now - sent);
                        }
                      }
                    }
                  }
                }
              } catch (Exception e) {
                // interrupted or closed: the benchmark is over
              }
            },
            "bare-listen");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static double transactionsPerSecond(Connection db, int seconds) throws Exception {
    long before = transactionCount(db);
    Thread.sleep(seconds * 1000L);
    // The two reads of the counter are themselves transactions.
    return (transactionCount(db) - before - 1) / (double) seconds;
  }

  private static long transactionCount(Connection db) throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute("select pg_stat_clear_snapshot()");
      try (ResultSet rs =
          s.executeQuery(
              "select sum(xact_commit + xact_rollback) from pg_stat_database where datname = current_database()")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static double ms(long[] sortedNanos, int percentile) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
    return Math.round(sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1e4) / 100.0;
  }

  private static int intEnv(String name, int fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
  }
}
