package ai.omnix.pipeline.bench;

import ai.omnix.pipeline.chat.stream.ChunkEncoder;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Benchmark 9 ({@code BENCH_ONLY=chat}): the chat companion in a chat-only child JVM (the role
 * {@code chat} alone, as docker-compose runs it), driven over loopback.
 *
 * <ol>
 *   <li>Time to first token: one client, sequential streamed requests (keep-alive), alternating
 *       between our {@code /v1/chat/completions} on the offline model and the same reply from a
 *       bare stub in a child JVM of its own (a plain-socket HTTP/1.1 server writing the same OpenAI
 *       chunks). Added latency = ours − stub, per percentile.
 *   <li>Concurrent streams: BENCH_CHAT_STREAMS (1,000 then 5,000) streams opened at once, the
 *       offline model at 20 tokens/s and 100-token replies (5 s each): all complete? per-stream
 *       duration against the ideal, the server's heap per open stream (after a full GC, with every
 *       stream open, against idle), the server's CPU (from /proc).
 *   <li>Messages/s: a second chat JVM whose offline model answers at once (tokens-per-second 0),
 *       BENCH_THREADS clients in a closed loop of non-streamed completions, against the same loop
 *       on the stub.
 * </ol>
 */
final class ChatBench {
  private static final String MAIN = PipelineApp.MAIN_CLASS;
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private ChatBench() {}

  static Map<String, Object> run(BenchConfig config) throws Exception {
    int ttftRequests = BenchConfig.intEnv("BENCH_CHAT_TTFT_REQUESTS", 2000, 10, 1_000_000);
    String streamCounts = System.getenv().getOrDefault("BENCH_CHAT_STREAMS", "1000 5000");
    int replyTokens = BenchConfig.intEnv("BENCH_CHAT_REPLY_TOKENS", 100, 1, 10_000);
    int seconds = Math.min(config.seconds(), BenchConfig.intEnv("BENCH_CHAT_SECONDS", 20, 1, 600));

    Map<String, Object> out = Results.header("chat", config);
    String jdbcUrl = SharedPostgres.newDatabase("bench_chat");
    Path logDir = config.resultsDir().resolve("logs");

    int stubPort = freePort();
    Process stubProcess = Stub.startChild(logDir, stubPort);
    String stubUrl = Stub.url(stubPort);
    ChatJvm paced = ChatJvm.start(jdbcUrl, logDir, "chat-20tps", 20, replyTokens);
    String key = aTenant(jdbcUrl, "bench-chat");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    try {
      out.put("time_to_first_token", timeToFirstToken(client, paced, stubUrl, key, ttftRequests));
      List<Map<String, Object>> concurrency = new ArrayList<>();
      for (String n : streamCounts.trim().split("\\s+")) {
        concurrency.add(concurrentStreams(client, paced, key, Integer.parseInt(n), replyTokens));
      }
      out.put("concurrent_streams", concurrency);
    } finally {
      paced.stop();
    }
    ChatJvm instant = ChatJvm.start(jdbcUrl, logDir, "chat-instant", 0, 16);
    try {
      out.put(
          "messages_per_second",
          messagesPerSecond(client, instant, stubUrl, key, config.threads(), seconds));
    } finally {
      instant.stop();
      Children.kill(stubProcess);
    }
    out.put("load_average_at_end", Results.loadAverage());
    return out;
  }

  // ------------------------------------------------------------------------------- 1. first token

  private static Map<String, Object> timeToFirstToken(
      HttpClient client, ChatJvm ours, String stubUrl, String key, int requests) throws Exception {
    String body = completion(true, 1);
    for (int i = 0; i < Math.max(200, requests / 5); i++) {
      firstTokenNanos(client, ours.url(), key, body);
      firstTokenNanos(client, stubUrl, key, body);
    }
    Histogram oursH = new Histogram(3);
    Histogram stubH = new Histogram(3);
    for (int i = 0; i < requests; i++) {
      oursH.recordValue(firstTokenNanos(client, ours.url(), key, body) / 1000);
      stubH.recordValue(firstTokenNanos(client, stubUrl, key, body) / 1000);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests_each", requests);
    for (double p : new double[] {50, 95, 99}) {
      double o = oursH.getValueAtPercentile(p) / 1000.0;
      double s = stubH.getValueAtPercentile(p) / 1000.0;
      m.put("ours_p" + (int) p + "_ms", Results.round(o));
      m.put("stub_p" + (int) p + "_ms", Results.round(s));
      m.put("added_p" + (int) p + "_ms", Results.round(o - s));
      m.put("ratio_p" + (int) p, Results.round(o / s));
    }
    System.out.printf(
        "time to first token: ours p50 %.3f / p99 %.3f ms, stub p50 %.3f / p99 %.3f ms,"
            + " added p50 %.3f / p99 %.3f ms%n",
        oursH.getValueAtPercentile(50) / 1000.0,
        oursH.getValueAtPercentile(99) / 1000.0,
        stubH.getValueAtPercentile(50) / 1000.0,
        stubH.getValueAtPercentile(99) / 1000.0,
        (oursH.getValueAtPercentile(50) - stubH.getValueAtPercentile(50)) / 1000.0,
        (oursH.getValueAtPercentile(99) - stubH.getValueAtPercentile(99)) / 1000.0);
    return m;
  }

  /** Sends a streamed request; returns the nanoseconds until its first content chunk. */
  private static long firstTokenNanos(HttpClient client, String url, String key, String body)
      throws Exception {
    HttpRequest request = post(url, key, body);
    long t0 = System.nanoTime();
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    long first = -1;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (first < 0 && line.startsWith("data: {") && line.contains("\"delta\":{\"content\":")) {
          first = System.nanoTime() - t0;
        }
      }
    }
    if (response.statusCode() != 200 || first < 0) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + " without content");
    }
    return first;
  }

  // ------------------------------------------------------------------------ 2. concurrent streams

  private static Map<String, Object> concurrentStreams(
      HttpClient client, ChatJvm ours, String key, int streams, int replyTokens) throws Exception {
    System.out.printf("opening %d concurrent streams…%n", streams);
    ours.gc();
    long heapIdle = ours.heapUsed();
    long cpuBefore = ours.cpuTicks();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong tokens = new AtomicLong();
    ConcurrentLinkedQueue<Long> durations = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(streams);
    String body = completion(true, replyTokens);
    long t0 = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      long start = System.nanoTime();
      StreamCounter counter = new StreamCounter(started, tokens);
      client
          .sendAsync(
              post(ours.url(), key, body), HttpResponse.BodyHandlers.fromLineSubscriber(counter))
          .whenComplete(
              (response, error) -> {
                if (error == null && response.statusCode() == 200 && counter.done) {
                  completed.incrementAndGet();
                  durations.add(System.nanoTime() - start);
                } else {
                  failed.incrementAndGet();
                  if (failed.get() <= 3) {
                    System.out.println(
                        "stream failed: "
                            + (error != null ? error : "status " + response.statusCode()));
                  }
                }
                done.countDown();
              });
    }
    long allStartedAt = -1;
    long heapOpen = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (done.getCount() > 0 && System.nanoTime() < deadline) {
      if (allStartedAt < 0 && started.get() + failed.get() >= streams) {
        allStartedAt = System.nanoTime();
        ours.gc();
        heapOpen = ours.heapUsed();
      }
      done.await(50, TimeUnit.MILLISECONDS);
    }
    long wall = System.nanoTime() - t0;
    long cpu = ours.cpuTicks() - cpuBefore;
    Histogram d = new Histogram(3);
    durations.forEach(n -> d.recordValue(n / 1_000_000));
    double ideal = (replyTokens - 1) / 20.0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("streams", streams);
    m.put("completed", completed.get());
    m.put("failed", failed.get() + (int) done.getCount());
    m.put("tokens_received", tokens.get());
    m.put("tokens_expected", (long) streams * replyTokens);
    m.put("wall_s", Results.round(wall / 1e9));
    m.put("time_to_open_all_s", allStartedAt < 0 ? null : Results.round((allStartedAt - t0) / 1e9));
    m.put("ideal_stream_s", ideal);
    m.put("stream_duration_p50_s", Results.round(d.getValueAtPercentile(50) / 1000.0));
    m.put("stream_duration_p99_s", Results.round(d.getValueAtPercentile(99) / 1000.0));
    m.put("stream_duration_max_s", Results.round(d.getMaxValue() / 1000.0));
    m.put("server_heap_idle_mib", Results.round(heapIdle / 1048576.0));
    m.put("server_heap_all_open_mib", heapOpen < 0 ? null : Results.round(heapOpen / 1048576.0));
    m.put(
        "server_heap_per_stream_kib",
        heapOpen < 0 ? null : Results.round((heapOpen - heapIdle) / 1024.0 / streams));
    m.put("server_cpu_cores_avg", Results.round(cpu / 100.0 / (wall / 1e9)));
    m.put("server_threads_live", ours.threads());
    System.out.println("concurrent streams: " + m);
    return m;
  }

  /** Counts a stream's content chunks and sees its [DONE]. */
  private static final class StreamCounter implements Flow.Subscriber<String> {
    private final AtomicInteger started;
    private final AtomicLong tokens;
    private boolean first = true;
    volatile boolean done;

    StreamCounter(AtomicInteger started, AtomicLong tokens) {
      this.started = started;
      this.tokens = tokens;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("data: {") && line.contains("\"delta\":{\"content\":")) {
        tokens.incrementAndGet();
        if (first) {
          first = false;
          started.incrementAndGet();
        }
      } else if (line.equals("data: [DONE]")) {
        done = true;
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  // ---------------------------------------------------------------------------- 3. messages per s

  private static Map<String, Object> messagesPerSecond(
      HttpClient client, ChatJvm ours, String stubUrl, String key, int threads, int seconds)
      throws Exception {
    String body = completion(false, 16);
    closedLoop(client, ours.url(), key, body, threads, 3);
    closedLoop(client, stubUrl, key, body, threads, 3);
    long cpuBefore = ours.cpuTicks();
    double[] oursRate = closedLoop(client, ours.url(), key, body, threads, seconds);
    long cpu = ours.cpuTicks() - cpuBefore;
    double[] stubRate = closedLoop(client, stubUrl, key, body, threads, seconds);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_threads", threads);
    m.put("seconds_each", seconds);
    m.put("ours_per_s", Results.round(oursRate[0]));
    m.put("stub_per_s", Results.round(stubRate[0]));
    m.put("ratio", Results.round(oursRate[0] / stubRate[0]));
    m.put("ours_p99_ms", Results.round(oursRate[1]));
    m.put("stub_p99_ms", Results.round(stubRate[1]));
    m.put("ours_errors", (long) oursRate[2]);
    // CPU the chat JVM spent per message (ms): what the 2 shared cores pay for each one
    m.put("ours_server_cpu_ms_per_message", Results.round(cpu * 10.0 / (oursRate[0] * seconds)));
    System.out.println("messages/s: " + m);
    return m;
  }

  /** Returns {messages per second, p99 ms, errors}. */
  private static double[] closedLoop(
      HttpClient client, String url, String key, String body, int threads, int seconds)
      throws Exception {
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Histogram latency = new Histogram(3);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    var pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      loops.add(
          CompletableFuture.runAsync(
              () -> {
                while (System.nanoTime() < end) {
                  long s = System.nanoTime();
                  try {
                    HttpResponse<String> r =
                        client.send(post(url, key, body), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("chat.completion")) {
                      count.incrementAndGet();
                      synchronized (latency) {
                        latency.recordValue((System.nanoTime() - s) / 1000);
                      }
                    } else {
                      errors.incrementAndGet();
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                }
              },
              pool));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    return new double[] {
      count.get() / elapsed, latency.getValueAtPercentile(99) / 1000.0, errors.get()
    };
  }

  // ---------------------------------------------------------------------------------- the systems

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String completion(boolean stream, int maxTokens) {
    return "{\"model\":\"offline-chat\",\"stream\":"
        + stream
        + ",\"max_tokens\":"
        + maxTokens
        + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"How fast is the first token through this gateway?\"}]}";
  }

  private static HttpRequest post(String url, String key, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String aTenant(String jdbcUrl, String id) {
    var ds =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(), jdbcUrl, SharedPostgres.username(), "");
    TenantRepository tenants = new TenantRepository(JdbcClient.create(ds), Clock.systemUTC());
    TenantId tenant = new TenantId(id);
    if (tenants.find(tenant).isEmpty()) {
      tenants.create(tenant, "Chat benchmark", Plan.ENTERPRISE);
    }
    return tenants.issueKey(tenant, false);
  }

  /**
   * The baseline: a bare HTTP/1.1 server on a plain socket (keep-alive, TCP_NODELAY, a thread per
   * connection) answering every request with the same OpenAI chunks the offline model sends: a role
   * chunk, the reply's tokens, a finish chunk and [DONE], each flushed as soon as the request is
   * read; non-streamed requests get one chat.completion. (The JDK's HttpServer was tried first: its
   * chunked writes wait about 40 ms for a delayed ACK, which would flatter ours.)
   */
  static final class Stub {
    /** Runs the stub alone: {@code Stub <port>}, so it pays the same process hop as ours. */
    public static void main(String[] args) throws Exception {
      Stub stub = start(Integer.parseInt(args[0]));
      System.out.println("stub listening on " + stub.server.getLocalPort());
      Thread.sleep(Long.MAX_VALUE);
    }

    /** The stub in a child JVM of its own, on a free loopback port. */
    static Process startChild(Path logDir, int port) throws Exception {
      Process process =
          Children.startJava(
              Stub.class.getName(),
              List.of("-Xmx512m"),
              List.of(String.valueOf(port)),
              logDir.resolve("chat-stub.log"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
          return process;
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      throw new IllegalStateException("the stub JVM did not listen within 60 s");
    }

    static String url(int port) {
      return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    private final ServerSocket server;
    private final java.util.concurrent.ExecutorService pool = Executors.newCachedThreadPool();

    private Stub(ServerSocket server) {
      this.server = server;
    }

    static Stub start(int port) throws IOException {
      ServerSocket server = new ServerSocket(port, 4096, java.net.InetAddress.getLoopbackAddress());
      Stub stub = new Stub(server);
      Thread accept =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    java.net.Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    stub.pool.execute(() -> serve(socket));
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "chat-stub-accept");
      accept.setDaemon(true);
      accept.start();
      return stub;
    }

    private static void serve(java.net.Socket socket) {
      try (socket) {
        var in = new java.io.BufferedInputStream(socket.getInputStream());
        OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16384);
        while (true) {
          int length = -1;
          String line;
          boolean any = false;
          while ((line = readLine(in)) != null && !line.isEmpty()) {
            any = true;
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          if (!any || line == null) {
            return;
          }
          byte[] request = in.readNBytes(Math.max(0, length));
          respond(new String(request, StandardCharsets.UTF_8), out);
        }
      } catch (IOException gone) {
        // the client closed the connection
      }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          int n = line.length();
          return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
        }
        line.append((char) b);
      }
      return line.length() == 0 ? null : line.toString();
    }

    private static void respond(String body, OutputStream out) throws IOException {
      int maxTokens = 1;
      int at = body.indexOf("\"max_tokens\":");
      if (at >= 0) {
        maxTokens = Integer.parseInt(body.substring(at + 13).split("[,}]")[0].trim());
      }
      ChunkEncoder encoder = new ChunkEncoder("chatcmpl-stub", 1, "offline-chat", false);
      if (body.contains("\"stream\":true")) {
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        chunk(out, encoder.roleChunk(Map.of()));
        out.flush();
        for (int i = 0; i < maxTokens; i++) {
          chunk(out, encoder.contentChunk(i == 0 ? "This" : " word"));
          out.flush();
        }
        chunk(out, encoder.finishChunk("length"));
        chunk(out, DONE);
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        StringBuilder text = new StringBuilder("This");
        for (int i = 1; i < maxTokens; i++) {
          text.append(" word");
        }
        byte[] json =
            ChunkEncoder.json(
                encoder.completion(text.toString(), "length", ChunkEncoder.usage(30, maxTokens)));
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + json.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(json);
      }
      out.flush();
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
      out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions";
    }

    void stop() throws IOException {
      server.close();
      pool.shutdownNow();
    }
  }

  /** The chat role alone in a child JVM (1 GiB heap, as a small container would give it). */
  static final class ChatJvm {
    private final Process process;
    private final int port;
    private final Path log;

    private ChatJvm(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    static ChatJvm start(
        String jdbcUrl, Path logDir, String name, double tokensPerSecond, int replyTokens)
        throws Exception {
      int port = freePort();
      Path dataDir = Files.createTempDirectory("omnix-bench-chat-");
      Path log = logDir.resolve(name + ".log");
      List<String> args =
          List.of(
              "--omnix.roles=chat",
              "--server.port=" + port,
              "--server.address=127.0.0.1",
              "--server.tomcat.max-connections=12000",
              "--server.tomcat.accept-count=4096",
              "--spring.datasource.url=" + jdbcUrl,
              "--spring.datasource.username=postgres",
              "--spring.datasource.password=",
              "--omnix.data-dir=" + dataDir,
              "--spring.main.banner-mode=off",
              "--logging.level.root=WARN",
              "--logging.level.ai.omnix.pipeline.launcher=INFO",
              "--logging.level.org.springframework.boot.StartupInfoLogger=INFO",
              "--omnix.chat.offline.tokens-per-second=" + tokensPerSecond,
              "--omnix.chat.offline.reply-tokens=" + replyTokens,
              "--omnix.chat.max-concurrent-streams.enterprise=100000");
      Process process =
          Children.startJava(MAIN, List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"), args, log);
      ChatJvm jvm = new ChatJvm(process, port, log);
      jvm.awaitHealthy();
      return jvm;
    }

    private void awaitHealthy() throws Exception {
      HttpClient probe = HttpClient.newHttpClient();
      // a loaded 2-core machine has taken more than 3 minutes to start it
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(420);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the chat JVM exited; see " + log);
        }
        try {
          HttpResponse<String> r =
              probe.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // starting
        }
        Thread.sleep(250);
      }
      throw new IllegalStateException("the chat JVM was not healthy within 420 s; see " + log);
    }

    String url() {
      return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    void gc() throws Exception {
      jcmd("GC.run");
    }

    /** Heap in use (bytes), from {@code jcmd GC.heap_info}'s "used" figure. */
    long heapUsed() throws Exception {
      String info = jcmd("GC.heap_info");
      for (String line : info.lines().toList()) {
        int used = line.indexOf(" used ");
        if (line.contains("total") && used > 0) {
          String n = line.substring(used + 6).trim().split("[K ]")[0];
          return Long.parseLong(n) * 1024;
        }
      }
      throw new IllegalStateException("no heap figure in: " + info);
    }

    int threads() throws Exception {
      return (int)
          Files.lines(Path.of("/proc/" + process.pid() + "/status"))
              .filter(l -> l.startsWith("Threads:"))
              .mapToLong(l -> Long.parseLong(l.substring(8).trim()))
              .sum();
    }

    /** User plus system CPU time of the JVM, in clock ticks (1/100 s). */
    long cpuTicks() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private String jcmd(String command) throws Exception {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(process.pid()),
                  command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    }

    void stop() {
      Children.kill(process);
    }
  }
}
