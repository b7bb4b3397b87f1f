package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps docker-compose.yml and the Dockerfile consistent with the application: roles, ports,
 * database, bucket and the jar name. Plain unit test (no Spring context, no Docker). {@code
 * ${VAR:-default}} values are checked with their defaults, i.e. as the stack starts with no .env
 * file.
 */
class DockerComposeFileTest {
  /** The services running the launcher jar; each one's name is also its role. */
  private static final List<String> APP_SERVICES =
      List.of("api", "worker", "scheduler", "dashboard", "chat");

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
  private static final Pattern MC_MAKE_BUCKET =
      Pattern.compile(
          "\\bmc\\s+mb\\b(?:\\s+--?[\\w-]+)*\\s+[\\w.-]+/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");

  private static Path root;
  private static Map<String, Object> compose;
  private static Map<String, Object> applicationYml;

  @BeforeAll
  static void load() throws IOException {
    root = projectRoot();
    compose = loadYaml(root.resolve("docker-compose.yml"));
    applicationYml = loadYaml(root.resolve("pipeline-launcher/src/main/resources/application.yml"));
  }

  @Test
  void definesTheInfrastructureAndOneServicePerRole() {
    assertThat(services().keySet())
        .as("services of docker-compose.yml")
        .contains("postgres", "minio", "minio-init")
        .containsAll(APP_SERVICES);
  }

  @Test
  void everyAppServiceRunsTheSameImageBuiltFromTheProjectRoot() {
    Set<Object> images = new HashSet<>();
    Set<Object> builds = new HashSet<>();
    for (String name : APP_SERVICES) {
      Map<String, Object> service = service(name);
      assertThat(service.get("image")).as("image of service '%s'", name).isNotNull();
      assertThat(service.get("build")).as("build of service '%s'", name).isNotNull();
      images.add(service.get("image"));
      builds.add(buildContext(service.get("build")));
    }
    assertThat(images).as("app services must share one image, but use %s", images).hasSize(1);
    assertThat(builds)
        .as("app services must build from one context, but use %s", builds)
        .containsExactly(".");
  }

  @Test
  void everyRoleRunsInExactlyOneService() {
    Map<String, List<String>> servicesByRole = new HashMap<>();
    for (String name : APP_SERVICES) {
      String roles = env(name).get("OMNIX_ROLES");
      assertThat(roles).as("OMNIX_ROLES of service '%s'", name).isNotBlank();
      Set<String> parsed =
          Arrays.stream(roles.split(","))
              .map(s -> s.trim().toLowerCase(Locale.ROOT))
              .filter(s -> !s.isEmpty())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(parsed)
          .as("OMNIX_ROLES of service '%s' must be exactly its role", name)
          .containsExactly(name);
      parsed.forEach(
          role -> servicesByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(name));
    }
    assertThat(servicesByRole.keySet())
        .as("roles run by the compose stack must be all roles the launcher knows")
        .containsExactlyInAnyOrderElementsOf(RolesEnvironmentPostProcessor.ROLES);
    servicesByRole.forEach(
        (role, names) -> assertThat(names).as("services running role '%s'", role).hasSize(1));
  }

  @Test
  void apiPublishesTheServerPortOfApplicationYml() {
    int serverPort = ((Number) yamlPath(applicationYml, "server.port")).intValue();
    assertThat(serverPort).as("server.port in application.yml").isEqualTo(8080);
    assertThat(effectivePort("api", "SERVER_PORT", serverPort))
        .as("api must not override the server port in its environment")
        .isEqualTo(serverPort);
    assertThat(publishedPorts("api"))
        .as("api must publish host port 8080 to the container's server.port (%s)", serverPort)
        .contains(Map.entry(8080, serverPort));
  }

  @Test
  void dashboardPublishesTheJobRunrDashboardPortOfApplicationYml() {
    int dashboardPort = ((Number) yamlPath(applicationYml, "jobrunr.dashboard.port")).intValue();
    assertThat(dashboardPort).as("jobrunr.dashboard.port in application.yml").isEqualTo(8000);
    assertThat(effectivePort("dashboard", "JOBRUNR_DASHBOARD_PORT", dashboardPort))
        .as("dashboard must not override the JobRunr dashboard port in its environment")
        .isEqualTo(dashboardPort);
    assertThat(publishedPorts("dashboard"))
        .as(
            "dashboard must publish host port 8000 to the container's jobrunr.dashboard.port (%s)",
            dashboardPort)
        .contains(Map.entry(8000, dashboardPort));
  }

  @Test
  void chatPublishesItsOwnHostPortToTheServerPort() {
    int serverPort = ((Number) yamlPath(applicationYml, "server.port")).intValue();
    assertThat(effectivePort("chat", "SERVER_PORT", serverPort))
        .as("chat must not override the server port in its environment")
        .isEqualTo(serverPort);
    assertThat(publishedPorts("chat"))
        .as("chat must publish a host port of its own (not the api's 8080) to server.port")
        .hasSize(1)
        .allSatisfy(
            port -> {
              assertThat(port.getValue()).isEqualTo(serverPort);
              assertThat(port.getKey()).isNotEqualTo(8080);
            });
  }

  @Test
  void workersRunAtLeastTwoReplicasWithoutAHostPort() {
    Object replicas = yamlPath(service("worker"), "deploy.replicas");
    assertThat(replicas).as("worker deploy.replicas").isInstanceOf(Number.class);
    assertThat(((Number) replicas).intValue())
        .as("worker deploy.replicas")
        .isGreaterThanOrEqualTo(2);
    assertThat(publishedPorts("worker"))
        .as("worker replicas cannot share a host port, so worker must publish none")
        .isEmpty();
  }

  @Test
  void everyAppServiceWaitsForAHealthyPostgres() {
    for (String name : APP_SERVICES) {
      assertThat(dependencyCondition(name, "postgres"))
          .as("service '%s' must depend on postgres with condition service_healthy", name)
          .isEqualTo("service_healthy");
    }
  }

  @Test
  void servicesUsingStorageWaitForTheBucketAndOtherRolesForTheApi() {
    assertThat(dependencyCondition("minio-init", "minio"))
        .as("minio-init must wait for a healthy minio")
        .isEqualTo("service_healthy");
    for (String name : List.of("api", "worker", "chat")) {
      assertThat(dependencyCondition(name, "minio-init"))
          .as(
              "service '%s' uses storage, so it must wait for minio-init to complete successfully",
              name)
          .isEqualTo("service_completed_successfully");
    }
    for (String name : APP_SERVICES) {
      if (!name.equals("api")) {
        assertThat(dependencyCondition(name, "api"))
            .as("service '%s' must wait for a healthy api (it migrates the schema first)", name)
            .isEqualTo("service_healthy");
      }
    }
  }

  @Test
  void postgresAndEveryAppServiceHaveAHealthcheck() {
    int serverPort = ((Number) yamlPath(applicationYml, "server.port")).intValue();
    List<String> checked = new ArrayList<>(List.of("postgres", "minio"));
    checked.addAll(APP_SERVICES);
    for (String name : checked) {
      String test = healthcheckTest(name);
      assertThat(test)
          .as("healthcheck.test of service '%s'", name)
          .isNotBlank()
          .doesNotContain("NONE");
    }
    assertThat(healthcheckTest("postgres")).as("postgres healthcheck").contains("pg_isready");
    for (String name : APP_SERVICES) {
      assertThat(healthcheckTest(name))
          .as(
              "healthcheck of service '%s' must call actuator health on server.port %s",
              name, serverPort)
          .contains("/" + serverPort)
          .contains("/actuator/health")
          .doesNotContain("curl", "wget");
    }
  }

  @Test
  void appServicesUseThePostgresServiceAndItsDatabase() {
    Map<String, String> postgresEnv = env("postgres");
    String database = postgresEnv.get("POSTGRES_DB");
    assertThat(database).as("POSTGRES_DB of the postgres service").isNotBlank();
    for (String name : APP_SERVICES) {
      Map<String, String> env = env(name);
      String url = env.get("SPRING_DATASOURCE_URL");
      assertThat(url)
          .as("SPRING_DATASOURCE_URL of service '%s'", name)
          .startsWith("jdbc:postgresql://");
      URI uri = URI.create(url.substring("jdbc:".length()));
      assertThat(uri.getHost())
          .as("datasource host of service '%s' must be the postgres service name in %s", name, url)
          .isEqualTo("postgres");
      assertThat(uri.getPath())
          .as(
              "datasource database of service '%s' must be POSTGRES_DB (%s) in %s",
              name, database, url)
          .isEqualTo("/" + database);
      assertThat(env.get("SPRING_DATASOURCE_USERNAME"))
          .as("SPRING_DATASOURCE_USERNAME of service '%s' must be POSTGRES_USER", name)
          .isEqualTo(postgresEnv.get("POSTGRES_USER"));
      assertThat(env.get("SPRING_DATASOURCE_PASSWORD"))
          .as("SPRING_DATASOURCE_PASSWORD of service '%s' must be POSTGRES_PASSWORD", name)
          .isEqualTo(postgresEnv.get("POSTGRES_PASSWORD"));
    }
  }

  @Test
  void minioInitCreatesTheBucketTheAppUses() {
    String script = commandText(service("minio-init"));
    Matcher matcher = MC_MAKE_BUCKET.matcher(script);
    assertThat(matcher.find())
        .as("minio-init must create a bucket with 'mc mb ALIAS/BUCKET': %s", script)
        .isTrue();
    String bucket = matcher.group(1);
    Map<String, String> minioEnv = env("minio");
    for (String name : APP_SERVICES) {
      Map<String, String> env = env(name);
      assertThat(env.get("OMNIX_STORAGE_S3_BUCKET"))
          .as("OMNIX_STORAGE_S3_BUCKET of service '%s' must be the bucket minio-init creates", name)
          .isEqualTo(bucket);
      assertThat(URI.create(env.get("OMNIX_STORAGE_S3_ENDPOINT")).getHost())
          .as("OMNIX_STORAGE_S3_ENDPOINT of service '%s' must point at the minio service", name)
          .isEqualTo("minio");
      assertThat(env.get("OMNIX_STORAGE_S3_ACCESSKEYID"))
          .as("OMNIX_STORAGE_S3_ACCESSKEYID of service '%s' must be MINIO_ROOT_USER", name)
          .isEqualTo(minioEnv.get("MINIO_ROOT_USER"));
    }
  }

  @Test
  void dockerfileCopiesTheLauncherJarOfThePom() throws Exception {
    Path dockerfile = root.resolve("Dockerfile");
    assertThat(dockerfile).as("Dockerfile next to docker-compose.yml").isRegularFile();
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(root.resolve("pipeline-launcher/pom.xml").toFile());
    Element project = pom.getDocumentElement();
    String artifactId = childText(project, "artifactId");
    String version = childText(project, "version");
    if (version == null) {
      version = childText(childElement(project, "parent"), "version");
    }
    assertThat(artifactId).as("artifactId of pipeline-launcher/pom.xml").isNotBlank();
    assertThat(version).as("version (or parent version) of pipeline-launcher/pom.xml").isNotBlank();
    String expectedJar = "pipeline-launcher/target/" + artifactId + "-" + version + ".jar";

    List<String> copySources = new ArrayList<>();
    for (String line : Files.readAllLines(dockerfile)) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 3 && words[0].equalsIgnoreCase("COPY")) {
        List<String> args = Arrays.stream(words).skip(1).filter(w -> !w.startsWith("--")).toList();
        copySources.addAll(args.subList(0, args.size() - 1));
      }
    }
    assertThat(copySources)
        .as(
            "the Dockerfile must COPY the launcher jar %s (from pipeline-launcher/pom.xml)",
            expectedJar)
        .anyMatch(source -> source.replaceFirst("^\\./", "").equals(expectedJar));
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Binds each app service's environment with Spring Boot's own environment-variable rules, so a
   * variable the application would silently ignore (a misspelt or mis-cased name) fails here.
   */
  @org.junit.jupiter.api.Test
  void everyOmnixVariableBindsToAPropertyTheApplicationReads() {
    for (String name : APP_SERVICES) {
      Map<String, Object> env = new java.util.HashMap<>(env(name));
      var source =
          new org.springframework.core.env.SystemEnvironmentPropertySource(
              org.springframework.core.env.StandardEnvironment
                  .SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
              env);
      var binder =
          new org.springframework.boot.context.properties.bind.Binder(
              org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(
                  source));
      var storage =
          binder
              .bind(
                  "omnix.storage", ai.omnix.pipeline.storage.autoconfigure.StorageProperties.class)
              .orElseThrow(() -> new AssertionError(name + ": no omnix.storage settings bound"));
      assertThat(storage.backend()).as(name).isEqualTo("s3");
      assertThat(storage.s3().bucket()).as(name).isEqualTo(env.get("OMNIX_STORAGE_S3_BUCKET"));
      assertThat(storage.s3().accessKeyId()).as(name + ": access key id").isNotBlank();
      assertThat(storage.s3().secretAccessKey()).as(name + ": secret access key").isNotBlank();
      assertThat(storage.s3().pathStyle()).as(name + ": path style for MinIO").isTrue();
      assertThat(binder.bind("omnix.roles", String.class).get()).as(name).isEqualTo(name);
      if (name.equals("api") || name.equals("worker")) {
        assertThat(env)
            .as(name + ": the AI providers' keys, so the API routes what the workers can run")
            .containsKeys("OPENAI_API_KEY", "GEMINI_API_KEY", "FAL_KEY");
      }
      if (name.equals("api")) {
        String key = binder.bind("omnix.api.bootstrap-api-key", String.class).orElse(null);
        assertThat(key).as("api: bootstrap key").startsWith("omx_");
      }
      for (String variable : env.keySet()) {
        if (variable.startsWith("OMNIX_")) {
          assertThat(variable)
              .as(name + ": " + variable + " (Spring drops dashes: ACCESSKEYID, not ACCESS_KEY_ID)")
              .matches(
                  "OMNIX_(ROLES|DATADIR|STORAGE_BACKEND|STORAGE_S3_(ENDPOINT|REGION|BUCKET|KEYPREFIX"
                      + "|ACCESSKEYID|SECRETACCESSKEY|PATHSTYLE|SERVERSIDEENCRYPTION|KMSKEYID)|API_BOOTSTRAPAPIKEY"
                      + "|OUTBOUND_ALLOWEDCIDRS|METRICS_SCRAPETOKEN)");
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Monitoring: Prometheus, alert rules, Grafana (monitoring/)

  private static Map<String, Object> monitoringYaml(String path) throws IOException {
    return loadYaml(root.resolve("monitoring").resolve(path));
  }

  /** The container path each host file under ./monitoring is mounted at, for one service. */
  private static Map<String, String> mounts(String name) {
    Map<String, String> mounts = new LinkedHashMap<>();
    Object volumes = service(name).get("volumes");
    if (volumes instanceof List<?> list) {
      for (Object volume : list) {
        String[] parts = volume.toString().split(":");
        if (parts.length >= 2 && parts[0].startsWith("./")) {
          mounts.put(parts[0].substring(2), parts[1]);
        }
      }
    }
    return mounts;
  }

  @Test
  void prometheusScrapesEveryAppServiceOnItsServerPortWithTheSharedScrapeToken() throws Exception {
    Map<String, Object> prometheus = monitoringYaml("prometheus/prometheus.yml");
    int serverPort = (Integer) asMap(applicationYml.get("server"), "server").get("port");
    Map<String, String> mounts = mounts("prometheus");
    assertThat(mounts)
        .as("prometheus mounts its configuration and rules")
        .containsEntry("monitoring/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
    for (String mounted : mounts.keySet()) {
      assertThat(root.resolve(mounted)).as(mounted).exists();
    }

    // the token file Prometheus reads is the compose config every app service's token comes from
    Map<String, Object> configs = asMap(compose.get("configs"), "configs");
    String token =
        interpolate(
            asMap(configs.get("scrape-token"), "configs.scrape-token").get("content").toString());
    assertThat(token).isNotBlank();
    String tokenFile = null;
    for (Object config : (List<?>) service("prometheus").get("configs")) {
      Map<String, Object> c = asMap(config, "prometheus config");
      if ("scrape-token".equals(c.get("source"))) {
        tokenFile = c.get("target").toString();
      }
    }
    assertThat(tokenFile).as("prometheus gets the scrape-token config").isNotNull();
    for (String name : APP_SERVICES) {
      assertThat(env(name)).as(name).containsEntry("OMNIX_METRICS_SCRAPETOKEN", token);
    }

    List<?> jobs = (List<?>) prometheus.get("scrape_configs");
    for (String name : APP_SERVICES) {
      Map<String, Object> job =
          jobs.stream()
              .map(j -> asMap(j, "scrape config"))
              .filter(j -> name.equals(j.get("job_name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Prometheus scrape job for " + name));
      assertThat(job.get("metrics_path")).as(name).isEqualTo("/actuator/prometheus");
      assertThat(asMap(job.get("authorization"), name + " authorization").get("credentials_file"))
          .as(name + ": bearer token file")
          .isEqualTo(tokenFile);
      List<String> targets = new ArrayList<>();
      if (job.get("static_configs") instanceof List<?> statics) {
        for (Object sc : statics) {
          for (Object t : (List<?>) asMap(sc, "static config").get("targets")) {
            targets.add(t.toString());
          }
        }
      }
      if (job.get("dns_sd_configs") instanceof List<?> dns) {
        for (Object d : dns) {
          Map<String, Object> sd = asMap(d, "dns_sd config");
          for (Object n : (List<?>) sd.get("names")) {
            targets.add(n + ":" + sd.get("port"));
          }
        }
      }
      assertThat(targets).as(name + " targets").containsExactly(name + ":" + serverPort);
    }
    assertThat(((List<?>) prometheus.get("rule_files")).stream().map(String::valueOf).toList())
        .as("rules file mounted into the container")
        .containsExactly(mounts.get("monitoring/prometheus/alerts.yml"));
  }

  @Test
  void alertRulesCoverWhatWakesPeopleUpAndUseOnlyExportedMetrics() throws Exception {
    Map<String, Object> rules = monitoringYaml("prometheus/alerts.yml");
    Set<String> exported = ai.omnix.pipeline.launcher.metrics.ExportedMetrics.names();
    assertThat(exported)
        .contains(
            "omnix_jobs_submitted_total",
            "omnix_jobs_finished_total",
            "omnix_job_duration_seconds_bucket",
            "omnix_queue_depth",
            "omnix_queue_oldest_age_seconds",
            "omnix_dispatch_lag_seconds",
            "omnix_worker_running",
            "omnix_provider_requests_total",
            "omnix_provider_errors_total",
            "omnix_provider_request_seconds_bucket",
            "omnix_webhook_deliveries",
            "omnix_webhook_backlog_oldest_age_seconds",
            "omnix_upload_bytes_total");
    Map<String, String> alerts = new LinkedHashMap<>();
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object rule : (List<?>) asMap(group, "group").get("rules")) {
        Map<String, Object> r = asMap(rule, "rule");
        alerts.put(r.get("alert").toString(), r.get("expr").toString());
        assertThat(r)
            .as(r.get("alert") + ": for, labels, summary")
            .containsKeys("for", "labels", "annotations");
      }
    }
    assertThat(alerts.keySet())
        .contains(
            "OmnixOldestQueuedJobTooOld",
            "OmnixJobFailureRateHigh",
            "OmnixWebhookDeliveriesFailing",
            "OmnixProviderCircuitOpenLong",
            "OmnixWorkerCountLow");
    assertUsesOnlyExported("alerts.yml", String.join("\n", alerts.values()), exported);
    assertThat(alerts.get("OmnixWorkerCountLow"))
        .as("the worker count alert expects the replicas compose runs")
        .contains("< " + asMap(service("worker").get("deploy"), "deploy").get("replicas"));
  }

  private static void assertUsesOnlyExported(String what, String text, Set<String> exported) {
    Matcher m = Pattern.compile("\\bomnix_[a-z0-9_]+").matcher(text);
    int found = 0;
    while (m.find()) {
      found++;
      assertThat(exported).as(what + " uses " + m.group()).contains(m.group());
    }
    assertThat(found).as(what + " uses the application's metrics").isPositive();
  }

  @Test
  void grafanaProvisionsThePrometheusDatasourceAndTheDashboard() throws Exception {
    Map<String, String> mounts = mounts("grafana");
    assertThat(mounts)
        .containsEntry("monitoring/grafana/provisioning", "/etc/grafana/provisioning")
        .containsKey("monitoring/grafana/dashboards");
    Map<String, Object> datasources =
        monitoringYaml("grafana/provisioning/datasources/prometheus.yml");
    Map<String, Object> datasource =
        asMap(((List<?>) datasources.get("datasources")).get(0), "datasource");
    int prometheusPort = publishedPorts("prometheus").get(0).getValue();
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:" + prometheusPort);
    Map<String, Object> providers = monitoringYaml("grafana/provisioning/dashboards/omnix.yml");
    Map<String, Object> provider = asMap(((List<?>) providers.get("providers")).get(0), "provider");
    assertThat(asMap(provider.get("options"), "options").get("path"))
        .as("dashboards provider reads the mounted dashboards")
        .isEqualTo(mounts.get("monitoring/grafana/dashboards"));
    String dashboard =
        Files.readString(root.resolve("monitoring/grafana/dashboards/omnix-pipeline.json"));
    assertThat(dashboard).contains("\"uid\": \"" + datasource.get("uid") + "\"");
    assertUsesOnlyExported(
        "omnix-pipeline.json",
        dashboard,
        ai.omnix.pipeline.launcher.metrics.ExportedMetrics.names());
  }

  private static Path projectRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("docker-compose.yml"))
          && Files.isDirectory(candidate.resolve("pipeline-launcher"))) {
        return candidate;
      }
    }
    return fail(
        "no docker-compose.yml next to a pipeline-launcher directory in " + dir + " or above");
  }

  private static Map<String, Object> loadYaml(Path file) throws IOException {
    assertThat(file).as("YAML file").isRegularFile();
    try (Reader reader = Files.newBufferedReader(file)) {
      Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      assertThat(document).as("top level of %s", file).isInstanceOf(Map.class);
      return asMap(document, file.toString());
    }
  }

  private static Map<String, Object> services() {
    return asMap(compose.get("services"), "services");
  }

  private static Map<String, Object> service(String name) {
    Object service = services().get(name);
    assertThat(service).as("service '%s' in docker-compose.yml", name).isNotNull();
    return asMap(service, "service " + name);
  }

  /**
   * The service's environment (map or list form), with {@code ${VAR:-default}} resolved to its
   * default.
   */
  private static Map<String, String> env(String name) {
    Object environment = service(name).get("environment");
    Map<String, String> env = new LinkedHashMap<>();
    if (environment instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) ->
              env.put(String.valueOf(key), value == null ? null : interpolate(value.toString())));
    } else if (environment instanceof List<?> list) {
      for (Object entry : list) {
        String[] pair = entry.toString().split("=", 2);
        env.put(pair[0], pair.length == 2 ? interpolate(pair[1]) : null);
      }
    }
    return env;
  }

  private static String interpolate(String value) {
    Matcher matcher = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String fallback = matcher.group(2) == null ? "" : matcher.group(2);
      matcher.appendReplacement(out, Matcher.quoteReplacement(fallback));
    }
    matcher.appendTail(out);
    return out.toString().replace("$$", "$");
  }

  private static int effectivePort(String service, String envName, int configured) {
    String override = env(service).get(envName);
    return override == null ? configured : Integer.parseInt(override.trim());
  }

  /**
   * Published ports as host port to container port, from short ("[ip:]host:container[/proto]") or
   * long syntax.
   */
  private static List<Map.Entry<Integer, Integer>> publishedPorts(String name) {
    Object ports = service(name).get("ports");
    List<Map.Entry<Integer, Integer>> published = new ArrayList<>();
    if (ports == null) {
      return published;
    }
    assertThat(ports).as("ports of service '%s'", name).isInstanceOf(List.class);
    for (Object port : (List<?>) ports) {
      if (port instanceof Map<?, ?> map) {
        Object host = map.get("published");
        published.add(
            Map.entry(
                host == null ? -1 : Integer.parseInt(interpolate(host.toString())),
                Integer.parseInt(map.get("target").toString())));
      } else {
        String[] parts = interpolate(port.toString()).replaceFirst("/(tcp|udp)$", "").split(":");
        int container = Integer.parseInt(parts[parts.length - 1]);
        int host = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : -1;
        published.add(Map.entry(host, container));
      }
    }
    return published;
  }

  private static String dependencyCondition(String service, String dependency) {
    Object dependsOn = service(service).get("depends_on");
    assertThat(dependsOn)
        .as("depends_on of service '%s' must be the long form (with conditions)", service)
        .isInstanceOf(Map.class);
    Object entry = ((Map<?, ?>) dependsOn).get(dependency);
    if (entry == null) {
      return null;
    }
    Object condition = asMap(entry, service + ".depends_on." + dependency).get("condition");
    return condition == null ? null : condition.toString();
  }

  private static String healthcheckTest(String name) {
    Object healthcheck = service(name).get("healthcheck");
    assertThat(healthcheck).as("healthcheck of service '%s'", name).isNotNull();
    Map<String, Object> map = asMap(healthcheck, name + ".healthcheck");
    assertThat(map.get("disable"))
        .as("healthcheck.disable of service '%s'", name)
        .isNotEqualTo(Boolean.TRUE);
    Object test = map.get("test");
    if (test instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
    return test == null ? null : test.toString();
  }

  private static String commandText(Map<String, Object> service) {
    StringBuilder text = new StringBuilder();
    for (String key : List.of("entrypoint", "command")) {
      Object value = service.get(key);
      if (value instanceof List<?> list) {
        list.forEach(item -> text.append(item).append(' '));
      } else if (value != null) {
        text.append(value).append(' ');
      }
    }
    return text.toString();
  }

  private static Object buildContext(Object build) {
    if (build instanceof Map<?, ?> map) {
      Object context = map.get("context");
      return context == null ? "." : context.toString();
    }
    return build.toString();
  }

  private static Object yamlPath(Map<String, Object> yaml, String dottedPath) {
    Object node = yaml;
    for (String key : dottedPath.split("\\.")) {
      assertThat(node).as("'%s' (at '%s')", dottedPath, key).isInstanceOf(Map.class);
      node = ((Map<?, ?>) node).get(key);
    }
    assertThat(node).as("'%s'", dottedPath).isNotNull();
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object node, String what) {
    assertThat(node).as("%s must be a mapping", what).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  private static Element childElement(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && name.equals(
              element.getLocalName() == null ? element.getTagName() : element.getLocalName())) {
        return element;
      }
    }
    return null;
  }

  private static String childText(Element parent, String name) {
    Element child = childElement(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }
}
