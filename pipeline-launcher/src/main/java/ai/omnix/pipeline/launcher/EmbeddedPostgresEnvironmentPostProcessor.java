package ai.omnix.pipeline.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * jobs survive a restart. One process owns that directory; to run roles in several processes, point
 * them all at one PostgreSQL server instead.
 */
public class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  private static EmbeddedPostgres server;
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
    Path dataDir =
        Path.of(env.getProperty("omnix.data-dir", "data")).toAbsolutePath().resolve("postgres");
    int port = env.getProperty("omnix.embedded-postgres.port", Integer.class, 0);
    EmbeddedPostgres pg = start(dataDir, port);
    String url = pg.getJdbcUrl("postgres", "postgres");
    log.info("Embedded PostgreSQL started at " + url + " with data in " + dataDir);
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "omnixEmbeddedPostgres",
                Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "")));
  }

  private static synchronized EmbeddedPostgres start(Path dataDir, int port) {
    if (server != null) {
      return server;
    }
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "200");
      if (port > 0) {
        builder.setPort(port);
      }
      server = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "embedded PostgreSQL did not start in "
              + dataDir
              + " (is another process using it? set spring.datasource.url to use an external server)",
          e);
    }
    EmbeddedPostgres started = server;
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
