package ai.omnix.pipeline.store.tenant;

import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tenants and their API keys. Thread-safe. */
public class TenantRepository {
  private final JdbcClient jdbc;
  private final Clock clock;

  public TenantRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Tenant create(TenantId id, String name, Plan plan) {
    Tenant tenant = new Tenant(id, name, plan, ApiKeys.newWebhookSecret(), clock.instant());
    jdbc.sql(
            "insert into tenants (id, name, plan, webhook_secret, created_at) values (?, ?, ?, ?, ?)")
        .params(
            id.value(),
            name,
            plan.wireName(),
            tenant.webhookSecret(),
            Timestamp.from(tenant.createdAt()))
        .update();
    return tenant;
  }

  public Optional<Tenant> find(TenantId id) {
    return jdbc.sql("select * from tenants where id = ?")
        .param(id.value())
        .query(TenantRepository::map)
        .optional();
  }

  public List<Tenant> all() {
    return jdbc.sql("select * from tenants order by id").query(TenantRepository::map).list();
  }

  public long count() {
    return jdbc.sql("select count(*) from tenants").query(Long.class).single();
  }

  /**
   * Stores the hash of a new key and returns the key itself, which is never stored and shown only
   * this once.
   */
  public String issueKey(TenantId tenant, boolean admin) {
    String key = ApiKeys.generate();
    storeKey(tenant, key, admin);
    return key;
  }

  /**
   * Stores a key chosen by the operator (for example from configuration). Idempotent for the same
   * key.
   */
  public void storeKey(TenantId tenant, String key, boolean admin) {
    jdbc.sql(
            """
        insert into api_keys (id, tenant_id, key_hash, key_prefix, is_admin, created_at) values (?, ?, ?, ?, ?, ?)
        on conflict (key_hash) do nothing""")
        .params(
            UUID.randomUUID(),
            tenant.value(),
            ApiKeys.hash(key),
            ApiKeys.displayPrefix(key),
            admin,
            Timestamp.from(clock.instant()))
        .update();
  }

  public Optional<Principal> authenticate(String key) {
    if (!ApiKeys.isPlausible(key)) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
        select t.*, k.is_admin from api_keys k join tenants t on t.id = k.tenant_id
        where k.key_hash = ? and k.revoked_at is null""")
        .param(ApiKeys.hash(key))
        .query((rs, n) -> new Principal(map(rs, n), rs.getBoolean("is_admin")))
        .optional();
  }

  /** A stored key as its tenant may see it: never the key or its hash, only the prefix. */
  public record KeyInfo(
      UUID id, String prefix, boolean admin, Instant createdAt, Instant revokedAt) {}

  public List<KeyInfo> keys(TenantId tenant) {
    return jdbc.sql("select * from api_keys where tenant_id = ? order by created_at")
        .param(tenant.value())
        .query(
            (rs, n) ->
                new KeyInfo(
                    rs.getObject("id", UUID.class),
                    rs.getString("key_prefix"),
                    rs.getBoolean("is_admin"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("revoked_at") == null
                        ? null
                        : rs.getTimestamp("revoked_at").toInstant()))
        .list();
  }

  /**
   * Revokes one of a tenant's keys; returns its hash (to evict caches) or empty when it is not the
   * tenant's.
   */
  public Optional<String> revokeKey(TenantId tenant, UUID keyId) {
    return jdbc.sql(
            "update api_keys set revoked_at = ? where id = ? and tenant_id = ? and revoked_at is null "
                + "returning key_hash")
        .params(Timestamp.from(clock.instant()), keyId, tenant.value())
        .query(String.class)
        .optional();
  }

  public void revokeKeys(TenantId tenant) {
    jdbc.sql("update api_keys set revoked_at = ? where tenant_id = ? and revoked_at is null")
        .params(Timestamp.from(clock.instant()), tenant.value())
        .update();
  }

  static Tenant map(ResultSet rs, int row) throws SQLException {
    return new Tenant(
        new TenantId(rs.getString("id")),
        rs.getString("name"),
        Plan.fromWireName(rs.getString("plan")).orElseThrow(),
        rs.getString("webhook_secret"),
        rs.getTimestamp("created_at").toInstant());
  }

  /** The caller behind an API key. */
  public record Principal(Tenant tenant, boolean admin) {}
}
