package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/prometheus} of the api and worker roles, in an application context and database
 * of its own (so its counts are its own whatever ran before in this JVM): only the scrape token
 * opens it, the scraped values equal what the API reports after a known workload, and the series
 * count does not grow with the number of tenants.
 */
@SpringBootTest(
    classes = PipelineApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsIT {
  static final String ADMIN_KEY = "omx_test_admin_key_metrics_0123456789";
  static final String SCRAPE_TOKEN = "scrape-token-for-metrics-it-0123456789";
  private static final String DATABASE = SharedPostgres.newDatabase("metrics_it");
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  /** The only label names an omnix_ series may carry (none of them a tenant or job id). */
  private static final Set<String> ALLOWED_LABELS =
      Set.of(
          "type",
          "plan",
          "status",
          "error_code",
          "class",
          "worker",
          "le",
          "provider",
          "model",
          "outcome",
          "endpoint");

  @DynamicPropertySource
  static void pipeline(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DATABASE);
    registry.add("spring.datasource.username", SharedPostgres::username);
    registry.add("spring.datasource.password", () -> "");
    registry.add("omnix.roles", () -> "api,worker");
    ProviderStubs.register(registry);
    registry.add("omnix.api.bootstrap-api-key", () -> ADMIN_KEY);
    registry.add("omnix.metrics.scrape-token", () -> SCRAPE_TOKEN);
    registry.add("omnix.metrics.refresh", () -> "0s");
    registry.add("jobrunr.dashboard.enabled", () -> "false");
    registry.add(
        "omnix.data-dir",
        () -> "target/it-data/" + DATABASE.substring(DATABASE.lastIndexOf('/') + 1));
    registry.add("jobrunr.background-job-server.worker-count", () -> "4");
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> scrape(String authorization, String path) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = scrape("Bearer " + SCRAPE_TOKEN, "/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private record Sample(String name, Map<String, String> labels, double value) {}

  private static List<Sample> samples(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      Map<String, String> labels = new HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return samples;
  }

  /** The sum of the samples of {@code name} whose labels include {@code labels}. */
  private static double value(String text, String name, Map<String, String> labels) {
    return samples(text).stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  private ApiClient admin() {
    return new ApiClient(port, ADMIN_KEY);
  }

  private final List<String> tenantIds = new ArrayList<>();

  private ApiClient aTenant(String plan) {
    String id = "m-" + UUID.randomUUID().toString().substring(0, 12);
    tenantIds.add(id);
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", plan));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new ApiClient(port, (String) created.json().get("api_key"));
  }

  private static String submit(ApiClient tenant, Map<String, Object> params) {
    ApiClient.Response r = tenant.post("/v1/jobs", Map.of("type", "noop", "params", params));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return (String) r.json().get("id");
  }

  private static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
    return PipelineTestSupport.await(Duration.ofSeconds(60), probe, done, what);
  }

  private static Map<String, Object> awaitEnded(ApiClient tenant, String id) {
    return await(
        () -> tenant.get("/v1/jobs/" + id).json(),
        job -> Set.of("succeeded", "failed", "canceled").contains(job.get("status")),
        "job " + id + " to end");
  }

  @Test
  void onlyTheScrapeTokenOpensTheMetrics() throws Exception {
    HttpResponse<String> none = scrape(null, "/actuator/prometheus");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("\"code\":\"invalid_scrape_token\"");
    assertThat(scrape("Bearer wrong-" + SCRAPE_TOKEN, "/actuator/prometheus").statusCode())
        .isEqualTo(401);
    assertThat(scrape("Bearer " + ADMIN_KEY, "/actuator/prometheus").statusCode()).isEqualTo(401);
    // another spelling of the path never reaches the metrics, even with an admin key
    for (String path :
        List.of("/actuator/prometheus;x", "/actuator//prometheus", "/actuator/prometheus/")) {
      HttpResponse<String> other = scrape("Bearer " + ADMIN_KEY, path);
      assertThat(other.statusCode()).as(path).isNotEqualTo(200);
      assertThat(other.body()).as(path).doesNotContain("omnix_queue_depth");
    }
    String text = scrape();
    assertThat(text).contains("omnix_queue_depth{class=\"light\"}");
  }

  @Test
  void afterAKnownWorkloadTheScrapedValuesEqualWhatTheApiReports() throws Exception {
    String before = scrape();
    ApiClient tenant = aTenant("pro");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submit(tenant, Map.of("echo", "ok")));
    }
    for (int i = 0; i < 2; i++) {
      ids.add(submit(tenant, Map.of("fail", "permanent")));
    }
    Map<String, Integer> byStatusAndCode = new HashMap<>();
    for (String id : ids) {
      Map<String, Object> job = awaitEnded(tenant, id);
      @SuppressWarnings("unchecked")
      Map<String, Object> error = (Map<String, Object>) job.get("error");
      String key = job.get("status") + "/" + (error == null ? "none" : error.get("code"));
      byStatusAndCode.merge(key, 1, Integer::sum);
    }
    assertThat(byStatusAndCode).isEqualTo(Map.of("succeeded/none", 3, "failed/noop_failed", 2));

    String after = scrape();
    for (Map.Entry<String, Integer> e : byStatusAndCode.entrySet()) {
      String[] parts = e.getKey().split("/");
      Map<String, String> labels =
          Map.of("type", "noop", "plan", "pro", "status", parts[0], "error_code", parts[1]);
      assertThat(
              value(after, "omnix_jobs_finished_total", labels)
                  - value(before, "omnix_jobs_finished_total", labels))
          .as(e.getKey())
          .isEqualTo(e.getValue().doubleValue());
    }
    Map<String, String> submitted = Map.of("type", "noop", "plan", "pro");
    assertThat(
            value(after, "omnix_jobs_submitted_total", submitted)
                - value(before, "omnix_jobs_submitted_total", submitted))
        .isEqualTo(ids.size());
    assertThat(
            value(after, "omnix_job_duration_seconds_count", Map.of("type", "noop"))
                - value(before, "omnix_job_duration_seconds_count", Map.of("type", "noop")))
        .isEqualTo(ids.size());

    // a free tenant runs one job at a time: the others wait in the light queue
    ApiClient free = aTenant("free");
    List<String> slow = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      slow.add(submit(free, Map.of("sleep_ms", 120_000)));
    }
    await(
        () -> free.get("/v1/jobs/" + slow.get(0)).json().get("status"),
        "running"::equals,
        "the free tenant's first job to run");
    try {
      Map<String, Object> overview = admin().get("/v1/admin/overview").json();
      long started = System.nanoTime();
      String now = scrape();
      long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows =
          (List<Map<String, Object>>) overview.get("unfinished_by_class");
      assertThat(rows).as(overview.toString()).isNotNull();
      for (String queueClass : List.of("light", "io_bound", "heavy")) {
        for (String status : List.of("queued", "running")) {
          Map<String, Object> row =
              rows.stream()
                  .filter(r -> queueClass.equals(r.get("queue_class")))
                  .filter(r -> status.equals(r.get("status")))
                  .findFirst()
                  .orElse(Map.of("jobs", 0, "oldest_age_seconds", 0));
          String metric = status.equals("queued") ? "omnix_queue_depth" : "omnix_jobs_running";
          assertThat(value(now, metric, Map.of("class", queueClass)))
              .as(metric + " " + queueClass)
              .isEqualTo(((Number) row.get("jobs")).doubleValue());
          if (status.equals("queued")) {
            double age = value(now, "omnix_queue_oldest_age_seconds", Map.of("class", queueClass));
            long apiAge = ((Number) row.get("oldest_age_seconds")).longValue();
            assertThat(age)
                .as("oldest age " + queueClass)
                .isBetween((double) apiAge, (double) apiAge + elapsedSeconds);
          }
        }
      }
      assertThat(value(now, "omnix_queue_depth", Map.of("class", "light"))).isEqualTo(2);
      assertThat(value(now, "omnix_worker_running", Map.of())).isEqualTo(1);
    } finally {
      for (String id : slow) {
        free.post("/v1/jobs/" + id + "/cancel", "");
      }
      for (String id : slow) {
        awaitEnded(free, id);
      }
    }
  }

  @Test
  void theSeriesCountDoesNotGrowWithTheNumberOfTenants() throws Exception {
    // warm up: every series a tenant's workload creates
    ApiClient first = aTenant("pro");
    awaitEnded(first, submit(first, Map.of()));
    awaitEnded(first, submit(first, Map.of("fail", "permanent")));
    Set<String> seriesBefore = series(scrape());

    List<ApiClient> tenants = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ApiClient tenant = aTenant("pro");
      tenants.add(tenant);
      ids.add(submit(tenant, Map.of()));
      ids.add(submit(tenant, Map.of("fail", "permanent")));
    }
    for (int i = 0; i < ids.size(); i++) {
      awaitEnded(tenants.get(i / 2), ids.get(i));
    }
    String text = scrape();
    Set<String> seriesAfter = series(text);
    assertThat(seriesAfter).isEqualTo(seriesBefore);
    Set<String> labelNames = new TreeSet<>();
    samples(text).stream()
        .filter(s -> s.name().startsWith("omnix_"))
        .forEach(s -> labelNames.addAll(s.labels().keySet()));
    assertThat(ALLOWED_LABELS).containsAll(labelNames);
    for (String tenantId : tenantIds) {
      assertThat(text).doesNotContain(tenantId);
    }
    for (String id : ids) {
      assertThat(text).doesNotContain(id);
    }
  }

  /** The omnix series (name and labels, without values) of a scrape. */
  private static Set<String> series(String text) {
    Set<String> series = new TreeSet<>();
    for (Sample s : samples(text)) {
      if (s.name().startsWith("omnix_")) {
        series.add(s.name() + new java.util.TreeMap<>(s.labels()));
      }
    }
    return series;
  }
}
