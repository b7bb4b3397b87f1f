package ai.omnix.pipeline.launcher.metrics;

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
 * Makes sure {@code /actuator/prometheus} is never open: when {@code omnix.metrics.scrape-token} is
 * missing or blank (a secret injected as ""), a token is generated once and kept in {@code
 * <omnix.data-dir>/metrics-scrape-token} (0600), as the dashboard password is. Processes that
 * Prometheus scrapes together (docker-compose, Kubernetes) set one token for all of them.
 */
public class ScrapeTokenEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  static final String PROPERTY = "omnix.metrics.scrape-token";
  static final String FILE = "metrics-scrape-token";
  private final Log log;

  public ScrapeTokenEnvironmentPostProcessor(DeferredLogFactory logs) {
    this.log = logs.getLog(ScrapeTokenEnvironmentPostProcessor.class);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.getProperty(PROPERTY, "").isBlank()) {
      return;
    }
    Path file = Path.of(env.getProperty("omnix.data-dir", "data")).resolve(FILE);
    String token;
    try {
      SecretFiles.Secret secret = SecretFiles.readOrCreate(file, () -> SecretFiles.randomToken(24));
      token = secret.value();
      if (secret.created()) {
        log.warn("Prometheus scrape token generated and kept in " + file);
      } else {
        log.info("Prometheus scrape token read from " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the metrics scrape token in "
              + file
              + "; set OMNIX_METRICS_SCRAPETOKEN or make the data directory writable",
          e);
    }
    env.getPropertySources()
        .addFirst(new MapPropertySource("omnixScrapeToken", Map.of(PROPERTY, token)));
  }
}
