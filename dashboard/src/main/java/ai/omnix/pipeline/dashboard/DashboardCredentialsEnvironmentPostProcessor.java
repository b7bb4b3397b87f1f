package ai.omnix.pipeline.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the JobRunr dashboard behind credentials whenever it is enabled: {@code
 * jobrunr.dashboard.username} and {@code password} if set; otherwise user {@code operator} with a
 * password generated once and kept in {@code <omnix.data-dir>/dashboard-password}, so it survives
 * restarts and is never in the repository.
 */
public class DashboardCredentialsEnvironmentPostProcessor
    implements EnvironmentPostProcessor, Ordered {
  private final Log log;

  public DashboardCredentialsEnvironmentPostProcessor(DeferredLogFactory logs) {
    this.log = logs.getLog(DashboardCredentialsEnvironmentPostProcessor.class);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.getProperty("jobrunr.dashboard.enabled", Boolean.class, false)
        || env.containsProperty("jobrunr.dashboard.password")) {
      return;
    }
    Path file = Path.of(env.getProperty("omnix.data-dir", "data")).resolve("dashboard-password");
    String password;
    try {
      if (Files.exists(file)) {
        password = Files.readString(file).trim();
      } else {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.getParent());
        Files.writeString(file, password + "\n");
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system; the file stays with default permissions
        }
        log.warn(
            "JobRunr dashboard credentials: operator / " + password + " (kept in " + file + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the dashboard password in " + file, e);
    }
    String username = env.getProperty("jobrunr.dashboard.username", "operator");
    env.getPropertySources()
        .addLast(
            new MapPropertySource(
                "omnixDashboardCredentials",
                Map.of(
                    "jobrunr.dashboard.username",
                    username,
                    "jobrunr.dashboard.password",
                    password)));
  }
}
