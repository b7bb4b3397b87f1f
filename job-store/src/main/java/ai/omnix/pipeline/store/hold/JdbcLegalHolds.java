package ai.omnix.pipeline.store.hold;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Legal holds in {@code legal_holds}. Placing a hold locks what it covers (the tenant row for
 * update, or the asset row), and {@link #blockingDeletion} locks the same rows, so a hold and a
 * deletion never pass each other. Keeps {@code assets.legal_hold} (shown in the asset JSON) in step
 * in the same transaction. Thread-safe.
 */
public class JdbcLegalHolds implements LegalHolds {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcLegalHolds(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public LegalHold place(TenantId tenant, String assetId, String reason, Actor by) {
    String why = checkReason(reason);
    return tx.execute(
        s -> {
          if (assetId == null) {
            jdbc
                .sql("select 1 from tenants where id = ? for update")
                .param(tenant.value())
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("tenant " + tenant.value()));
          } else {
            jdbc
                .sql(
                    "select 1 from assets where id = ? and tenant_id = ? and status = 'ready' "
                        + "for update")
                .params(assetId, tenant.value())
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(
                    () ->
                        new NoSuchElementException(
                            "asset " + assetId + " of tenant " + tenant.value()));
          }
          UUID id = UUID.randomUUID();
          jdbc.sql(
                  """
              insert into legal_holds (id, tenant_id, asset_id, reason, placed_at, placed_by)
              values (?, ?, ?, ?, ?, ?)""")
              .params(id, tenant.value(), assetId, why, Timestamp.from(clock.instant()), by.label())
              .update();
          refreshFlags(tenant, assetId);
          return find(id).orElseThrow();
        });
  }

  @Override
  public Optional<LegalHold> release(UUID id, String reason, Actor by) {
    String why = reason == null || reason.isBlank() ? null : checkReason(reason);
    return tx.execute(
        s -> {
          Optional<LegalHold> hold =
              jdbc.sql("select * from legal_holds where id = ? for update")
                  .param(id)
                  .query(JdbcLegalHolds::map)
                  .optional();
          if (hold.isEmpty() || !hold.get().active()) {
            return hold;
          }
          jdbc.sql(
                  "update legal_holds set released_at = ?, released_by = ?, release_reason = ? "
                      + "where id = ?")
              .params(Timestamp.from(clock.instant()), by.label(), why, id)
              .update();
          refreshFlags(hold.get().tenant(), hold.get().assetId());
          return find(id);
        });
  }

  /** Recomputes the display flag of the assets a hold on (tenant, asset) covers. */
  private void refreshFlags(TenantId tenant, String assetId) {
    jdbc.sql(
            """
        update assets a set legal_hold = exists (
            select 1 from legal_holds h where h.released_at is null and h.tenant_id = a.tenant_id
              and (h.asset_id is null or h.asset_id = a.id))
        where a.tenant_id = ? and (?::text is null or a.id = ?) and a.status = 'ready'""")
        .params(tenant.value(), assetId, assetId)
        .update();
  }

  @Override
  public Optional<LegalHold> find(UUID id) {
    return jdbc.sql("select * from legal_holds where id = ?")
        .param(id)
        .query(JdbcLegalHolds::map)
        .optional();
  }

  @Override
  public List<LegalHold> list(TenantId tenant, boolean activeOnly, int limit) {
    return jdbc.sql(
            "select * from legal_holds where (?::text is null or tenant_id = ?) "
                + "and (not ? or released_at is null) order by placed_at desc, id desc limit ?")
        .params(
            tenant == null ? null : tenant.value(),
            tenant == null ? null : tenant.value(),
            activeOnly,
            limit)
        .query(JdbcLegalHolds::map)
        .list();
  }

  @Override
  public Optional<LegalHold> blockingDeletion(TenantId tenant, Collection<String> assetIds) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "blockingDeletion must run inside the transaction that deletes");
    }
    String[] ids = assetIds.toArray(String[]::new);
    jdbc.sql("select 1 from tenants where id = ? for key share")
        .param(tenant.value())
        .query()
        .listOfRows();
    if (ids.length > 0) {
      jdbc.sql("select 1 from assets where tenant_id = ? and id = any(?) order by id for update")
          .params(tenant.value(), ids)
          .query()
          .listOfRows();
    }
    return jdbc.sql(
            """
        select * from legal_holds where released_at is null and tenant_id = ?
          and (asset_id is null or asset_id = any(?))
        order by asset_id nulls first, placed_at, id limit 1""")
        .params(tenant.value(), ids)
        .query(JdbcLegalHolds::map)
        .optional();
  }

  @Override
  public Set<TenantId> heldTenants() {
    return new LinkedHashSet<>(
        jdbc.sql(
                "select distinct tenant_id from legal_holds where released_at is null "
                    + "and asset_id is null order by tenant_id")
            .query((rs, n) -> new TenantId(rs.getString(1)))
            .list());
  }

  private static String checkReason(String reason) {
    if (reason == null || reason.isBlank() || reason.length() > LegalHold.MAX_REASON) {
      throw new IllegalArgumentException(
          "a reason of 1 to " + LegalHold.MAX_REASON + " characters is required");
    }
    return reason.strip();
  }

  static LegalHold map(ResultSet rs, int row) throws SQLException {
    return new LegalHold(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getString("tenant_id")),
        rs.getString("asset_id"),
        rs.getString("reason"),
        rs.getTimestamp("placed_at").toInstant(),
        rs.getString("placed_by"),
        instant(rs.getTimestamp("released_at")),
        rs.getString("released_by"),
        rs.getString("release_reason"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
