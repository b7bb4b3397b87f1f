package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator console in a real browser (headless Chromium through Selenium) on the whole
 * pipeline: sign-in, the overview against the API's numbers, a failed job found by its error code,
 * the video player on an MP4 rendition and an HLS output, and a bulk requeue with its confirmation.
 * Also, over plain HTTP: CSRF is enforced, roles gate pages and actions, and the API's own
 * authentication is unchanged. Skipped (JUnit assumption) where no Chromium is installed; {@code
 * .ci/run} installs it. With {@code -Dconsole.screenshots=<dir>} it saves the main pages as PNG
 * there (how {@code docs/console/} was made).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT extends PipelineTestSupport {
  static final String OPERATOR_PASSWORD = "operator-test-password";
  static final String FINANCE_PASSWORD = "finance-test-password";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static WebDriver browser;

  @TempDir static Path dir;

  @DynamicPropertySource
  static void console(DynamicPropertyRegistry registry) {
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    registry.add("omnix.roles", () -> "api,worker,scheduler,chat,dashboard");
    registry.add("omnix.console.users[0].username", () -> "ops");
    registry.add("omnix.console.users[0].password", () -> bcrypt.encode(OPERATOR_PASSWORD));
    registry.add("omnix.console.users[0].roles", () -> "operator");
    registry.add("omnix.console.users[1].username", () -> "fin");
    registry.add("omnix.console.users[1].password", () -> bcrypt.encode(FINANCE_PASSWORD));
    registry.add("omnix.console.users[1].roles", () -> "finance");
  }

  @BeforeAll
  static void startBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  // ---- plain HTTP: CSRF, roles, the API unchanged

  @Test
  @Order(1)
  void theApiKeepsItsOwnAuthenticationAndTheConsoleAsksForASignIn() throws Exception {
    HttpClient plain = HttpClient.newHttpClient();
    HttpResponse<String> api =
        plain.send(
            HttpRequest.newBuilder(uri("/v1/jobs")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("\"code\":\"unauthenticated\"");
    assertThat(admin().get("/v1/admin/overview").status()).isEqualTo(200);
    HttpResponse<String> console =
        plain.send(
            HttpRequest.newBuilder(uri("/console")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(console.statusCode()).isEqualTo(302);
    assertThat(console.headers().firstValue("Location").orElse("")).endsWith("/console/login");
    // an API key is no console session: the console's paths are not the API's
    HttpResponse<String> withKey =
        plain.send(
            HttpRequest.newBuilder(uri("/console"))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withKey.statusCode()).isEqualTo(302);
  }

  @Test
  @Order(2)
  void aPostWithoutItsCsrfTokenIsRefused() throws Exception {
    Session session = new Session();
    // the sign-in form itself needs the token
    assertThat(session.post("/console/login", "username=ops&password=" + OPERATOR_PASSWORD, false))
        .isEqualTo(403);
    assertThat(session.signIn("ops", OPERATOR_PASSWORD)).isTrue();
    assertThat(session.post("/console/bulk/cancel/preview", "tenant=nobody", false)).isEqualTo(403);
    assertThat(session.post("/console/bulk/cancel/preview", "tenant=nobody", true)).isEqualTo(200);
  }

  @Test
  @Order(3)
  void aFinanceUserCannotRunBulkActionsButSeesBilling() throws Exception {
    Session finance = new Session();
    assertThat(finance.signIn("fin", FINANCE_PASSWORD)).isTrue();
    assertThat(finance.get("/console/billing").statusCode()).isEqualTo(200);
    assertThat(finance.get("/console/bulk").statusCode()).isEqualTo(403);
    assertThat(finance.get("/console/jobs").statusCode()).isEqualTo(403);
    assertThat(finance.post("/console/bulk/cancel", "tenant=nobody&previewed=0", true))
        .isEqualTo(403);
    assertThat(finance.get("/console/retention").statusCode()).isEqualTo(403);
  }

  @Test
  @Order(4)
  void anAdminApiKeySignsInAsAdminAndATenantKeyDoesNot() throws Exception {
    Session admin = new Session();
    assertThat(admin.signIn("api-key", ADMIN_KEY)).isTrue();
    assertThat(admin.get("/console/retention").statusCode()).isEqualTo(200);
    ApiClient tenant = aTenant("pro");
    Session notAdmin = new Session();
    assertThat(notAdmin.signIn("api-key", tenant.key())).isFalse();
  }

  // ---- the browser

  @Test
  @Order(10)
  void aWrongPasswordStaysOut() {
    assumeBrowser();
    browser.get(base() + "/console/login");
    signIn("ops", "not-the-password");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> !d.findElements(By.id("login-error")).isEmpty());
    assertThat(browser.getCurrentUrl()).contains("/console/login");
    browser.get(base() + "/console");
    assertThat(browser.getCurrentUrl()).contains("/console/login");
  }

  @Test
  @Order(11)
  void theOverviewShowsWhatTheApiReports() {
    assumeBrowser();
    browser.get(base() + "/console/login");
    screenshot("console-login.png");
    signIn("ops", OPERATOR_PASSWORD);
    waitFor(By.id("signed-in-as"));
    // numbers move while other work runs: compare one console read with the API's around it
    await(
        Duration.ofSeconds(60),
        () -> {
          Map<String, Object> before = admin().get("/v1/admin/overview").json();
          browser.navigate().refresh();
          String console =
              text("lh-succeeded") + "/" + text("lh-failed") + "/" + text("lh-canceled");
          Map<String, Object> after = admin().get("/v1/admin/overview").json();
          return List.of(lastHour(before), console, lastHour(after));
        },
        reads -> reads.get(0).equals(reads.get(1)) && reads.get(1).equals(reads.get(2)),
        "the console's last hour to equal the API's");
    assertThat(browser.findElements(By.cssSelector("#throughput rect"))).hasSize(24);
  }

  @Test
  @Order(12)
  void aFailedJobIsFoundByItsErrorCodeAndItsDetailOpens() {
    assumeBrowser();
    ApiClient tenant = aTenant("pro");
    String failed = submit(tenant, Map.of("type", "noop", "params", Map.of("fail", "permanent")));
    awaitStatus(tenant, failed, "failed");
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    browser.get(base() + "/console/jobs");
    browser.findElement(By.name("tenant")).sendKeys(tenantId);
    browser.findElement(By.id("error-code")).sendKeys("noop_failed");
    browser.findElement(By.id("search")).click();
    WebElement link = waitFor(By.linkText(failed));
    screenshot("console-jobs.png");
    link.click();
    assertThat(waitFor(By.id("job-status")).getText()).isEqualTo("failed");
    assertThat(text("job-error")).startsWith("noop_failed");
    assertThat(browser.findElement(By.id("run-link")).getAttribute("href"))
        .contains("/dashboard/jobs/");
  }

  @Test
  @Order(13)
  void theVideoPlayerPlaysAnMp4RenditionAndAnHlsOutput() throws Exception {
    assumeBrowser();
    ApiClient tenant = aTenant("pro");
    Map<String, Object> hls = HlsPlayback.anHlsJob(tenant, dir);
    assertThat(hls.get("status")).as(String.valueOf(hls)).isEqualTo("succeeded");
    String source = (String) ((Map<?, ?>) hls.get("input")).get("asset_id");
    String transcode =
        submit(
            tenant,
            Map.of(
                "type",
                "transcode",
                "input",
                Map.of("asset_id", source),
                "params",
                Map.of("preset", "mobile-480p")));
    awaitStatusWithin(tenant, transcode, "succeeded", Duration.ofMinutes(4));

    browser.get(base() + "/console/jobs/" + transcode);
    waitFor(By.cssSelector("video.mp4"));
    assertPlays("video.mp4");
    screenshot("console-job-mp4.png");

    browser.get(base() + "/console/jobs/" + hls.get("id"));
    waitFor(By.id("hls-player"));
    assertPlays("#hls-player");
    screenshot("console-job-hls.png");
  }

  @Test
  @Order(14)
  void aBulkRequeueIsConfirmedAuditedAndTheJobsRunAgain() {
    assumeBrowser();
    ApiClient tenant = aTenant("pro");
    String tenantId = (String) tenant.get("/v1/me").json().get("id");
    Instant from = Instant.now().minusSeconds(5);
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      failed.add(submit(tenant, Map.of("type", "noop", "params", Map.of("fail", "permanent"))));
    }
    failed.forEach(id -> awaitStatus(tenant, id, "failed"));
    Instant to = Instant.now().plusSeconds(5);

    browser.get(base() + "/console/bulk");
    screenshot("console-bulk.png");
    browser.findElement(By.id("rq-error-code")).sendKeys("noop_failed");
    browser.findElement(By.id("rq-from")).sendKeys(from.toString());
    browser.findElement(By.id("rq-to")).sendKeys(to.toString());
    browser.findElement(By.id("rq-tenant")).sendKeys(tenantId);
    browser.findElement(By.id("rq-preview")).click();
    assertThat(waitFor(By.id("preview-count")).getText()).isEqualTo("3");
    screenshot("console-bulk-confirm.png");
    browser.findElement(By.id("rq-confirm")).click();
    assertThat(waitFor(By.id("requeued-count")).getText()).isEqualTo("3");
    List<String> requeued =
        browser.findElements(By.cssSelector("a.new-job")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(requeued).hasSize(3).doesNotContainAnyElementsOf(failed);
    for (String id : requeued) {
      Map<String, Object> job = awaitStatus(tenant, id, "failed");
      assertThat(job.get("attempts")).isEqualTo(1);
      assertThat(String.valueOf(job.get("metadata"))).contains("requeued_from");
    }
    Map<String, Object> audit =
        admin().get("/v1/admin/audit?type=JOBS_REQUEUED&tenant=" + tenantId).json();
    assertThat(String.valueOf(audit))
        .contains("actor={type=operator, id=ops}")
        .contains("previewed=3")
        .contains("requeued=3");
  }

  @Test
  @Order(15)
  void theOtherPagesRender() {
    assumeBrowser();
    browser.get(base() + "/console");
    waitFor(By.id("throughput"));
    screenshot("console-overview.png");
    for (String page : List.of("tenants", "webhooks", "providers")) {
      browser.get(base() + "/console/" + page);
      waitFor(By.id("signed-in-as"));
      assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
      screenshot("console-" + page + ".png");
    }
    browser.get(base() + "/console/billing");
    assertThat(browser.getPageSource()).contains("403");
    browser.get(base() + "/console");
    waitFor(By.cssSelector("nav form button")).click();
    waitFor(By.id("login-form"));
    browser.get(base() + "/console/login");
    signIn("api-key", ADMIN_KEY);
    waitFor(By.id("signed-in-as"));
    for (String page : List.of("billing", "retention")) {
      browser.get(base() + "/console/" + page);
      waitFor(By.id("signed-in-as"));
      screenshot("console-" + page + ".png");
    }
  }

  // ----

  private void assertPlays(String selector) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript(
        "var v = document.querySelector(arguments[0]); v.muted = true; v.play().catch(function(e){"
            + " v.setAttribute('data-play-error', String(e)); });",
        selector);
    try {
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(
              d ->
                  Boolean.TRUE.equals(
                      js.executeScript(
                          "var v = document.querySelector(arguments[0]);"
                              + " return !v.paused && v.currentTime > 0;",
                          selector)));
    } catch (org.openqa.selenium.TimeoutException e) {
      Object state =
          js.executeScript(
              "var v = document.querySelector(arguments[0]); return JSON.stringify({src:"
                  + " v.currentSrc, paused: v.paused, time: v.currentTime, ready: v.readyState,"
                  + " network: v.networkState, error: v.error && v.error.message, code: v.error &&"
                  + " v.error.code, playError: v.getAttribute('data-play-error'), h264:"
                  + " v.canPlayType('video/mp4; codecs=\"avc1.42E01E\"')});",
              selector);
      throw new AssertionError(selector + " never played: " + state, e);
    }
  }

  private static String lastHour(Map<String, Object> overview) {
    Map<?, ?> lastHour = (Map<?, ?>) overview.get("finished_last_hour");
    return lastHour.get("succeeded")
        + "/"
        + lastHour.get("failed")
        + "/"
        + lastHour.get("canceled");
  }

  private static String submit(ApiClient tenant, Map<String, Object> body) {
    ApiClient.Response submitted = tenant.post("/v1/jobs", body);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    return (String) submitted.json().get("id");
  }

  private static void awaitStatusWithin(
      ApiClient client, String id, String status, Duration timeout) {
    Map<String, Object> job =
        await(
            timeout,
            () -> client.get("/v1/jobs/" + id).json(),
            j -> List.of("succeeded", "failed", "canceled").contains(j.get("status")),
            "job " + id + " to end");
    assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo(status);
  }

  private void signIn(String user, String password) {
    WebElement form =
        browser.findElement(By.id("api-key".equals(user) ? "key-form" : "login-form"));
    if (!"api-key".equals(user)) {
      form.findElement(By.id("username")).sendKeys(user);
      form.findElement(By.id("password")).sendKeys(password);
    } else {
      form.findElement(By.id("api-key")).sendKeys(password);
    }
    form.submit();
  }

  private WebElement waitFor(By by) {
    return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(by));
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private void screenshot(String name) {
    String target = System.getProperty("console.screenshots");
    if (target == null || target.isBlank()) {
      return;
    }
    try {
      Path out = Path.of(target).resolve(name);
      Files.createDirectories(out.getParent());
      Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assumeBrowser() {
    assumeTrue(browser != null, "no Chromium at " + CHROMIUM + " with " + CHROMEDRIVER);
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private URI uri(String path) {
    return URI.create(base() + path);
  }

  /**
   * A browser-like HTTP session: cookies kept, redirects not followed, CSRF token read from forms.
   */
  private final class Session {
    private final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private String csrf;

    HttpResponse<String> get(String path) throws Exception {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(response.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return response;
    }

    int post(String path, String form, boolean withToken) throws Exception {
      if (csrf == null) {
        get("/console/login");
      }
      String body =
          withToken ? form + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) : form;
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    }

    /** True when the sign-in leads to the console rather than back to the form. */
    boolean signIn(String user, String password) throws Exception {
      get("/console/login");
      String form =
          "username="
              + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8)
              + "&_csrf="
              + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri("/console/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String location = response.headers().firstValue("Location").orElse("");
      boolean in = response.statusCode() == 302 && !location.contains("/login");
      if (in) {
        get("/console"); // a fresh CSRF token for the new session
      }
      return in;
    }
  }
}
