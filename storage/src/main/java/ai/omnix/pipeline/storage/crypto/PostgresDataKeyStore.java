package ai.omnix.pipeline.storage.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Wrapped keys in the {@code blob_data_keys} table (migration V83). Plain JDBC on auto-commit
 * connections: each call is one statement, and a key destroyed is a row deleted.
 */
public final class PostgresDataKeyStore implements DataKeyStore {
  private final DataSource dataSource;

  public PostgresDataKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<WrappedDataKey> find(String scope) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select scope, key_id, wrapped_keyset, created_at from blob_data_keys where scope = ?")) {
      ps.setString(1, scope);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new WrappedDataKey(
                rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getTimestamp(4).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the data key of " + scope, e);
    }
  }

  @Override
  public WrappedDataKey createIfAbsent(WrappedDataKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into blob_data_keys (scope, key_id, wrapped_keyset, created_at) "
                    + "values (?, ?, ?, ?) on conflict (scope) do nothing")) {
      ps.setString(1, key.scope());
      ps.setLong(2, key.id());
      ps.setBytes(3, key.wrappedKeyset());
      ps.setTimestamp(4, Timestamp.from(key.createdAt()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the data key of " + key.scope(), e);
    }
    return find(key.scope())
        .orElseThrow(
            () -> new IllegalStateException("data key of " + key.scope() + " vanished at once"));
  }

  @Override
  public boolean destroy(String scope) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("delete from blob_data_keys where scope = ?")) {
      ps.setString(1, scope);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot destroy the data key of " + scope, e);
    }
  }
}
