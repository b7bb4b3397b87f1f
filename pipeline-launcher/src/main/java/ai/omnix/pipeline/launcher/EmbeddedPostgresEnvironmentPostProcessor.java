package ai.omnix.pipeline.launcher;

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
 * The embedded default: with no {@code spring.datasource.url}, starts a real PostgreSQL (zonky's
 * embedded binaries, nothing to install) whose data lives in {@code <omnix.data-dir>/postgres}, so
 * jobs survive a restart; durable, password-protected and on localhost only ({@link
 * EmbeddedDatabase}), its password kept in {@code <omnix.data-dir>/postgres-password}. One process
 * owns that directory; to run roles in several processes, point them all at one PostgreSQL server
 * instead.
 */
public class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  private static EmbeddedDatabase server;
  private final Log log;

  public EmbeddedPostgresEnvironmentPostProcessor(DeferredLogFactory logs) {
    this.log = logs.getLog(EmbeddedPostgresEnvironmentPostProcessor.class);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 10;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (env.containsProperty("spring.datasource.url")
        || !env.getProperty("omnix.embedded-postgres.enabled", Boolean.class, true)) {
      return;
    }
    Path root = Path.of(env.getProperty("omnix.data-dir", "data")).toAbsolutePath();
    Path dataDir = root.resolve("postgres");
    int port = env.getProperty("omnix.embedded-postgres.port", Integer.class, 0);
    EmbeddedDatabase pg = start(dataDir, root.resolve("postgres-password"), port);
    log.info(
        "Embedded PostgreSQL started at "
            + pg.jdbcUrl()
            + " with data in "
            + dataDir
            + " (password in "
            + root.resolve("postgres-password")
            + ")");
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "omnixEmbeddedPostgres",
                Map.of(
                    "spring.datasource.url", pg.jdbcUrl(),
                    "spring.datasource.username", EmbeddedDatabase.USER,
                    "spring.datasource.password", pg.password())));
  }

  private static synchronized EmbeddedDatabase start(Path dataDir, Path passwordFile, int port) {
    if (server != null) {
      return server;
    }
    try {
      server = EmbeddedDatabase.start(dataDir, passwordFile, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    EmbeddedDatabase started = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    started.close();
                  } catch (IOException ignored) {
                    // the JVM is exiting
                  }
                },
                "embedded-postgres-stop"));
    return server;
  }
}
