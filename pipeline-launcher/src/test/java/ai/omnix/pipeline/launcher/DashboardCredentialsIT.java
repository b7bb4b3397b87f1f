package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.testkit.SharedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard role never serves JobRunr's dashboard open: with only a password, with a blank
 * username or password (a missing secret injected as ""), or with neither, {@code /api/jobs} needs
 * credentials. Each case starts the application with its own free dashboard port, one after the
 * other in this JVM.
 */
class DashboardCredentialsIT {
  private static final String DATABASE = SharedPostgres.newDatabase("dashboard_it");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int get(int port, String credentials) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs?state=ENQUEUED"))
            .timeout(Duration.ofSeconds(30));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @ParameterizedTest(name = "username={0} password={1}")
  @CsvSource(
      nullValues = "unset",
      value = {
        "unset, pw-only-0123456789, operator, pw-only-0123456789",
        "'', pw-blank-user-012345, operator, pw-blank-user-012345",
        "ops, '', ops, generated",
        "unset, unset, operator, generated",
        "'', '', operator, generated"
      })
  void theDashboardNeverAnswersWithoutCredentials(
      String username, String password, String expectedUser, String expectedPassword)
      throws Exception {
    int dashboardPort = freePort();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--omnix.roles=dashboard",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--jobrunr.dashboard.port=" + dashboardPort,
                "--spring.datasource.url=" + DATABASE,
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=",
                "--omnix.data-dir=" + dataDir,
                "--spring.main.banner-mode=off"));
    if (username != null) {
      args.add("--jobrunr.dashboard.username=" + username);
    }
    if (password != null) {
      args.add("--jobrunr.dashboard.password=" + password);
    }
    try (ConfigurableApplicationContext app =
        SpringApplication.run(PipelineApplication.class, args.toArray(String[]::new))) {
      assertThat(get(dashboardPort, null)).isEqualTo(401);
      assertThat(get(dashboardPort, expectedUser + ":wrong")).isEqualTo(401);
      String secret = expectedPassword;
      if (expectedPassword.equals("generated")) {
        Path file = dataDir.resolve("dashboard-password");
        secret = Files.readString(file).trim();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
      }
      assertThat(get(dashboardPort, expectedUser + ":" + secret)).isEqualTo(200);
    }
  }
}
