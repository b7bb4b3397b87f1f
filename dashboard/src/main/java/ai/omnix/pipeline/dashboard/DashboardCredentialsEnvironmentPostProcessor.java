package ai.omnix.pipeline.dashboard;

import ai.omnix.pipeline.core.secret.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the JobRunr dashboard behind credentials in every process that serves it. JobRunr runs its
 * dashboard open unless both {@code jobrunr.dashboard.username} and {@code password} are set, so a
 * missing or blank one (a secret injected as "") must never reach it: a blank username becomes
 * {@code operator}, a blank password one generated once and kept in {@code
 * <omnix.data-dir>/dashboard-password} (0600), so it survives restarts and is never in the
 * repository. The effective pair is put first among the property sources, above an empty
 * environment variable.
 */
public class DashboardCredentialsEnvironmentPostProcessor
    implements EnvironmentPostProcessor, Ordered {
  static final String DEFAULT_USERNAME = "operator";
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
    if (!env.getProperty("jobrunr.dashboard.enabled", Boolean.class, false)) {
      return;
    }
    String username = env.getProperty("jobrunr.dashboard.username", "").strip();
    String password = env.getProperty("jobrunr.dashboard.password", "").strip();
    if (username.isEmpty()) {
      username = DEFAULT_USERNAME;
    }
    if (password.isEmpty()) {
      Path file = Path.of(env.getProperty("omnix.data-dir", "data")).resolve("dashboard-password");
      try {
        SecretFiles.Secret secret =
            SecretFiles.readOrCreate(file, () -> SecretFiles.randomToken(18));
        password = secret.value();
        if (secret.created()) {
          log.warn(
              "JobRunr dashboard credentials: "
                  + username
                  + " / "
                  + password
                  + " (kept in "
                  + file
                  + ")");
        } else {
          log.info("JobRunr dashboard password read from " + file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot keep the dashboard password in "
                + file
                + "; set JOBRUNR_DASHBOARD_PASSWORD or make the data directory writable",
            e);
      }
    }
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "omnixDashboardCredentials",
                Map.of(
                    "jobrunr.dashboard.username",
                    username,
                    "jobrunr.dashboard.password",
                    password)));
  }
}
