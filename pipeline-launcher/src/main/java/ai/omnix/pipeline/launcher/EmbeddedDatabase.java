package ai.omnix.pipeline.launcher;

import ai.omnix.pipeline.core.secret.SecretFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded PostgreSQL of the all-in-one default, run as a production server would be: durable
 * commits ({@code synchronous_commit}, {@code fsync} and {@code full_page_writes} on, where zonky's
 * defaults turn the first two off), password authentication ({@code scram-sha-256} for every
 * connection, where zonky's {@code initdb -A trust} lets any local user in as superuser), and
 * listening on localhost only.
 *
 * <p>The password is generated once into {@code passwordFile} (0600). A data directory created
 * before (trust authentication, no password) is migrated on its first start here: zonky starts it
 * as it was, the password is set, {@code pg_hba.conf} is replaced and reloaded, and a connection
 * without the password is checked to be refused. For that moment, and on the very first start of a
 * new directory (zonky runs {@code initdb -A trust}), the server accepts local connections without
 * a password for the few milliseconds until the reload.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String USER = "postgres";

  /** Marks a pg_hba.conf written here; anything else is replaced. */
  private static final String HBA_MARKER = "# omnix: password authentication";

  private static final String HBA =
      HBA_MARKER
          + "\n"
          + "# Written by OmniX Pipeline's launcher; a file without the line above is replaced"
          + " on start.\n"
          + "local   all             all                     scram-sha-256\n"
          + "host    all             all     127.0.0.1/32    scram-sha-256\n"
          + "host    all             all     ::1/128         scram-sha-256\n"
          + "local   replication     all                     scram-sha-256\n"
          + "host    replication     all     127.0.0.1/32    scram-sha-256\n"
          + "host    replication     all     ::1/128         scram-sha-256\n";

  private final EmbeddedPostgres server;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres server, String password) {
    this.server = server;
    this.password = password;
  }

  /**
   * Starts (creating or migrating) the server whose data lives in {@code dataDir}.
   *
   * @param port the port, or 0 for a free one
   */
  static EmbeddedDatabase start(Path dataDir, Path passwordFile, int port) throws IOException {
    Files.createDirectories(dataDir);
    String password =
        SecretFiles.readOrCreate(passwordFile, () -> SecretFiles.randomToken(24)).value();
    Path hba = dataDir.resolve("pg_hba.conf");
    boolean secured = Files.exists(hba) && Files.readString(hba).startsWith(HBA_MARKER);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "200")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("listen_addresses", "localhost")
            .setServerConfig("password_encryption", "scram-sha-256")
            .setConnectConfig("password", password);
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres server;
    try {
      server = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "embedded PostgreSQL did not start in "
              + dataDir
              + (secured
                  ? " (if "
                      + passwordFile
                      + " was lost, the database's password is gone with it: restore the file)"
                  : "")
              + "; is another process using it? Set spring.datasource.url to use an external"
              + " server",
          e);
    }
    EmbeddedDatabase database = new EmbeddedDatabase(server, password);
    if (!secured) {
      try {
        database.requirePassword(hba);
      } catch (IOException | SQLException | RuntimeException e) {
        database.close();
        throw new IOException("could not turn on password authentication in " + dataDir, e);
      }
    }
    return database;
  }

  private void requirePassword(Path hba) throws IOException, SQLException {
    try (Connection c = connect(password);
        Statement s = c.createStatement()) {
      s.execute("alter role " + USER + " with password '" + password.replace("'", "''") + "'");
      Path tmp = hba.resolveSibling("pg_hba.conf.omnix-tmp");
      Files.writeString(tmp, HBA, StandardCharsets.US_ASCII);
      Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      s.execute("select pg_reload_conf()");
    }
    // fail closed: the reload (a signal to the postmaster) must have taken effect before anything
    // relies on it
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Connection c = connect("not-the-password")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the server still accepts a wrong password");
        }
      } catch (SQLException expected) {
        return; // refused, as it must be
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the reload", e);
      }
    }
  }

  /** A connection as the superuser with {@code password}, to the {@code postgres} database. */
  Connection connect(String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + server.getPort() + "/postgres", properties);
  }

  String jdbcUrl() {
    return server.getJdbcUrl(USER, "postgres");
  }

  String password() {
    return password;
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
