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
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/** Tenants and their API keys. Thread-safe. */
public class TenantRepository {
  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate tx;

  /** Without a transaction manager: {@link #installBootstrapKey} then runs its statements alone. */
  public TenantRepository(JdbcClient jdbc, Clock clock) {
    this(jdbc, clock, null);
  }

  public TenantRepository(JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.tx = tx;
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

  /** A key just issued: its id, and the key itself, which is never stored and shown only once. */
  public record IssuedKey(UUID id, String key) {}

  /**
   * Stores the hash of a new key and returns the key itself, which is never stored and shown only
   * this once.
   */
  public String issueKey(TenantId tenant, boolean admin) {
    return issue(tenant, admin).key();
  }

  /** Like {@link #issueKey}, with the new key's id. */
  public IssuedKey issue(TenantId tenant, boolean admin) {
    return issue(tenant, admin, false);
  }

  private IssuedKey issue(TenantId tenant, boolean admin, boolean bootstrap) {
    String key = ApiKeys.generate();
    UUID id = UUID.randomUUID();
    insertKey(id, tenant, key, admin, bootstrap);
    return new IssuedKey(id, key);
  }

  private int insertKey(UUID id, TenantId tenant, String key, boolean admin, boolean bootstrap) {
    return jdbc.sql(
            """
        insert into api_keys (id, tenant_id, key_hash, key_prefix, is_admin, bootstrap, created_at)
        values (?, ?, ?, ?, ?, ?, ?)
        on conflict (key_hash) do nothing""")
        .params(
            id,
            tenant.value(),
            ApiKeys.hash(key),
            ApiKeys.displayPrefix(key),
            admin,
            bootstrap,
            Timestamp.from(clock.instant()))
        .update();
  }

  /**
   * Stores a key chosen by the operator (for example from configuration). Idempotent for the same
   * key.
   */
  public void storeKey(TenantId tenant, String key, boolean admin) {
    insertKey(UUID.randomUUID(), tenant, key, admin, false);
  }

  /** What installing a bootstrap key did. */
  public record BootstrapInstall(UUID keyId, boolean installed, List<UUID> revoked) {}

  /**
   * Installs {@code key} as {@code tenant}'s bootstrap admin key and revokes every other bootstrap
   * key of that tenant, in one transaction. Idempotent for the key already installed.
   *
   * @throws IllegalStateException when this key was installed before and has been revoked since
   */
  public BootstrapInstall installBootstrapKey(TenantId tenant, String key) {
    TransactionCallback<BootstrapInstall> install =
        status -> {
          boolean installed = insertKey(UUID.randomUUID(), tenant, key, true, true) == 1;
          record Row(UUID id, String tenant, boolean bootstrap, boolean revoked) {}
          Row row =
              jdbc.sql(
                      "select id, tenant_id, bootstrap, revoked_at is not null as revoked"
                          + " from api_keys where key_hash = ?")
                  .param(ApiKeys.hash(key))
                  .query(
                      (rs, n) ->
                          new Row(
                              rs.getObject("id", UUID.class),
                              rs.getString("tenant_id"),
                              rs.getBoolean("bootstrap"),
                              rs.getBoolean("revoked")))
                  .single();
          if (row.revoked() || !row.tenant().equals(tenant.value()) || !row.bootstrap()) {
            throw new IllegalStateException(
                "the configured bootstrap key "
                    + ApiKeys.displayPrefix(key)
                    + "… was revoked or belongs to another key; configure a new one");
          }
          List<UUID> revoked =
              jdbc.sql(
                      """
                  update api_keys set revoked_at = ?
                  where tenant_id = ? and bootstrap and revoked_at is null and id <> ?
                  returning id""")
                  .params(Timestamp.from(clock.instant()), tenant.value(), row.id())
                  .query(UUID.class)
                  .list();
          return new BootstrapInstall(row.id(), installed, revoked);
        };
    return tx == null ? install.doInTransaction(null) : tx.execute(install);
  }

  /** Issues a bootstrap admin key (a first start without a configured key). */
  public IssuedKey issueBootstrapKey(TenantId tenant) {
    return issue(tenant, true, true);
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
