package ai.omnix.pipeline.store.audit;

import ai.omnix.pipeline.store.tenant.ApiKeys;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The id of an API key, the audit log's name for its holder (the key itself is never recorded).
 * Joins the caller's transaction, so a key issued in it is found. Thread-safe.
 */
public class ApiKeyIds {
  private final JdbcClient jdbc;

  public ApiKeyIds(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<UUID> ofKey(String key) {
    if (!ApiKeys.isPlausible(key)) {
      return Optional.empty();
    }
    return jdbc.sql("select id from api_keys where key_hash = ?")
        .param(ApiKeys.hash(key))
        .query(UUID.class)
        .optional();
  }
}
