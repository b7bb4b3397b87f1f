package ai.omnix.pipeline.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A stand-in for fal's queue API (the shapes FalQueueProviderTest replays) on a JDK HttpServer, for
 * one model, {@code fal-ai/flux/schnell}:
 *
 * <ul>
 *   <li>{@code POST /fal-ai/flux/schnell} → {@code {"request_id", "status_url", "response_url"}},
 *       or 429 with {@code Retry-After: 1} when {@code capacity} requests are already in flight;
 *   <li>{@code GET /fal-ai/flux/requests/{id}/status} → {@code IN_PROGRESS} until {@code latency}
 *       after the submit arrived, then {@code COMPLETED};
 *   <li>{@code GET /fal-ai/flux/requests/{id}} → one image URL on this server;
 *   <li>{@code GET /files/{id}.png} → a small PNG, without a key (fal's CDN wants none).
 * </ul>
 *
 * A request is in flight from its submit's arrival until it completes (not until it is fetched):
 * like a real provider's GPU, the slot is free as soon as the work is done. So the stub's capacity
 * is capacity / latency requests per second, whatever the client's polling. The queue endpoints
 * require {@code Authorization: Key <key>}.
 */
final class FalStub implements AutoCloseable {
  static final String MODEL = "fal-ai/flux/schnell";
  private static final Pattern STATUS =
      Pattern.compile("/fal-ai/flux/requests/([A-Za-z0-9-]{1,64})/status");
  private static final Pattern RESULT =
      Pattern.compile("/fal-ai/flux/requests/([A-Za-z0-9-]{1,64})");
  private static final Pattern FILE = Pattern.compile("/files/([A-Za-z0-9-]{1,64})\\.png");

  final String baseUrl;
  final int capacity;
  final long latencyMillis;
  final int serverThreads;
  private final long latencyNanos;
  private final String authorization;
  private final HttpServer server;
  private final ExecutorService executor;
  private final byte[] png = png();

  /**
   * Completion times (nanoTime) of the requests in flight, oldest first: the latency is the same
   * for all.
   */
  private final ArrayDeque<Long> inFlight = new ArrayDeque<>();

  private int peakInFlight;
  private final Map<String, Long> completesAt = new ConcurrentHashMap<>();

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong statusPolls = new AtomicLong();
  private final AtomicLong statusPollsBeforeDone = new AtomicLong();
  private final AtomicLong resultFetches = new AtomicLong();
  private final AtomicLong downloads = new AtomicLong();
  private final AtomicLong other = new AtomicLong();

  FalStub(long latencyMillis, int capacity, int serverThreads, String apiKey) throws IOException {
    this.latencyMillis = latencyMillis;
    this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMillis);
    this.capacity = capacity;
    this.serverThreads = serverThreads;
    this.authorization = "Key " + apiKey;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    this.executor =
        Executors.newFixedThreadPool(
            serverThreads,
            r -> {
              Thread t = new Thread(r, "fal-stub");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The stub's ceiling: capacity requests every latency. */
  double capacityPerSecond() {
    return capacity * 1000.0 / latencyMillis;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Matcher m;
      if ("GET".equals(method) && FILE.matcher(path).matches()) {
        downloads.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        send(exchange, 200, png);
        return;
      }
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        other.incrementAndGet();
        json(exchange, 401, "{\"detail\":\"missing or wrong key\"}");
        return;
      }
      if ("POST".equals(method) && path.equals("/" + MODEL)) {
        submit(exchange);
      } else if ("GET".equals(method) && (m = STATUS.matcher(path)).matches()) {
        status(exchange, m.group(1));
      } else if ("GET".equals(method) && (m = RESULT.matcher(path)).matches()) {
        result(exchange, m.group(1));
      } else {
        other.incrementAndGet();
        json(exchange, 404, "{\"detail\":\"not found\"}");
      }
    } finally {
      exchange.close();
    }
  }

  private void submit(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    synchronized (inFlight) {
      while (!inFlight.isEmpty() && inFlight.peekFirst() - now <= 0) {
        inFlight.pollFirst();
      }
      if (inFlight.size() >= capacity) {
        rejected.incrementAndGet();
        exchange.getResponseHeaders().set("Retry-After", "1");
        json(exchange, 429, "{\"detail\":\"too many requests in flight\"}");
        return;
      }
      inFlight.addLast(now + latencyNanos);
      peakInFlight = Math.max(peakInFlight, inFlight.size());
    }
    accepted.incrementAndGet();
    String id = UUID.randomUUID().toString();
    completesAt.put(id, now + latencyNanos);
    String request = baseUrl + "/fal-ai/flux/requests/" + id;
    json(
        exchange,
        200,
        "{\"request_id\":\""
            + id
            + "\",\"status_url\":\""
            + request
            + "/status\","
            + "\"response_url\":\""
            + request
            + "\",\"cancel_url\":\""
            + request
            + "/cancel\",\"queue_position\":0}");
  }

  private void status(HttpExchange exchange, String id) throws IOException {
    statusPolls.incrementAndGet();
    Long done = completesAt.get(id);
    if (done == null) {
      json(exchange, 404, "{\"detail\":\"unknown request\"}");
    } else if (System.nanoTime() - done >= 0) {
      json(exchange, 200, "{\"status\":\"COMPLETED\"}");
    } else {
      statusPollsBeforeDone.incrementAndGet();
      json(exchange, 200, "{\"status\":\"IN_PROGRESS\",\"queue_position\":0}");
    }
  }

  private void result(HttpExchange exchange, String id) throws IOException {
    resultFetches.incrementAndGet();
    Long done = completesAt.get(id);
    if (done == null || System.nanoTime() - done < 0) {
      json(exchange, 400, "{\"detail\":\"request not completed\"}");
      return;
    }
    json(
        exchange,
        200,
        "{\"images\":[{\"url\":\""
            + baseUrl
            + "/files/"
            + id
            + ".png\","
            + "\"content_type\":\"image/png\",\"width\":64,\"height\":64}],\"seed\":1,"
            + "\"has_nsfw_concepts\":[false],\"timings\":{\"inference\":"
            + latencyMillis / 1000.0
            + "}}");
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    send(exchange, status, body.getBytes(UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Zeroes the counters and the peak (after a warm-up); requests still in flight stay. */
  void resetCounters() {
    accepted.set(0);
    rejected.set(0);
    statusPolls.set(0);
    statusPollsBeforeDone.set(0);
    resultFetches.set(0);
    downloads.set(0);
    other.set(0);
    synchronized (inFlight) {
      peakInFlight = inFlight.size();
    }
  }

  long rejected() {
    return rejected.get();
  }

  Map<String, Object> counters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("submits_accepted", accepted.get());
    m.put("submits_rejected_429", rejected.get());
    m.put("peak_in_flight", peak());
    m.put("status_polls", statusPolls.get());
    m.put("status_polls_before_completion", statusPollsBeforeDone.get());
    m.put("result_fetches", resultFetches.get());
    m.put("downloads", downloads.get());
    m.put("other_requests", other.get());
    return m;
  }

  int peak() {
    synchronized (inFlight) {
      return peakInFlight;
    }
  }

  private static byte[] png() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 0x80);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
