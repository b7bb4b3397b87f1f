package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default runs PostgreSQL durable and behind a password, bound to localhost, for a new
 * data directory and for one created before (trust authentication), which keeps its data.
 */
class EmbeddedDatabaseIT {
  @TempDir Path dir;

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Map<String, String> durability(Connection c) throws SQLException {
    return Map.of(
        "synchronous_commit", show(c, "synchronous_commit"),
        "fsync", show(c, "fsync"),
        "full_page_writes", show(c, "full_page_writes"),
        "listen_addresses", show(c, "listen_addresses"),
        "password_encryption", show(c, "password_encryption"));
  }

  private static void assertSecured(EmbeddedDatabase db) throws SQLException {
    try (Connection c = db.connect(db.password())) {
      assertThat(durability(c))
          .containsEntry("synchronous_commit", "on")
          .containsEntry("fsync", "on")
          .containsEntry("full_page_writes", "on")
          .containsEntry("listen_addresses", "localhost")
          .containsEntry("password_encryption", "scram-sha-256");
    }
    assertThatThrownBy(() -> db.connect(null).close()).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> db.connect("").close()).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> db.connect("guess").close()).isInstanceOf(SQLException.class);
  }

  @Test
  void aNewDataDirectoryRunsDurableAndNeedsThePassword() throws Exception {
    Path passwordFile = dir.resolve("postgres-password");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), passwordFile, 0)) {
      assertSecured(db);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(passwordFile).trim()).isEqualTo(db.password());
    }
    // a restart reads the same password and stays secured
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), passwordFile, 0)) {
      assertSecured(db);
    }
  }

  @Test
  void aDataDirectoryFromBeforeIsMigratedAndKeepsItsData() throws Exception {
    Path dataDir = dir.resolve("postgres");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // what the launcher did before: zonky's defaults, trust authentication, no password
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        Connection c = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("create table accepted (id int primary key)");
      s.execute("insert into accepted values (42)");
    }
    try (EmbeddedDatabase db =
        EmbeddedDatabase.start(dataDir, dir.resolve("postgres-password"), port)) {
      assertSecured(db);
      try (Connection c = db.connect(db.password());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id from accepted")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  /** What the embedded default ran before: zonky's own defaults lose commits and trust anyone. */
  @Test
  void zonkysDefaultsAreNeitherDurableNorProtected() throws Exception {
    try (EmbeddedPostgres plain =
            EmbeddedPostgres.builder().setDataDirectory(dir.resolve("plain")).start();
        Connection c = DriverManager.getConnection(plain.getJdbcUrl("postgres", "postgres"))) {
      assertThat(durability(c))
          .containsEntry("synchronous_commit", "off")
          .containsEntry("fsync", "off");
    }
  }
}
