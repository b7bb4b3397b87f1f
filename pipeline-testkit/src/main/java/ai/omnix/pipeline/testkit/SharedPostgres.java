package ai.omnix.pipeline.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server per test JVM, started on first use and stopped when the JVM exits.
 * Each caller that needs isolation asks for a fresh database with {@link #newDatabase(String)};
 * tests sharing a database isolate themselves by the tenant they create.
 *
 * <p>Tests run it without durability (fsync, synchronous commits and full page writes off: a test
 * database need not survive a crash). Benchmarks set the system property {@value #DURABLE} to
 * {@code true} to measure with production settings (all three on).
 */
public final class SharedPostgres {
  /** System property: {@code true} runs the server durable, as production does. */
  public static final String DURABLE = "omnix.testkit.durable-postgres";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private SharedPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        String durable = Boolean.getBoolean(DURABLE) ? "on" : "off";
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", durable)
                .setServerConfig("synchronous_commit", durable)
                .setServerConfig("full_page_writes", durable)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
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
                  }));
    }
    return server;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public static String newDatabase(String prefix) {
    String name =
        (prefix + "_" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid())
            .toLowerCase()
            .replaceAll("[^a-z0-9_]", "_");
    DataSource admin = server().getPostgresDatabase();
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  public static String username() {
    return "postgres";
  }
}
