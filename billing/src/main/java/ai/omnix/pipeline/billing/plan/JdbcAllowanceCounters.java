package ai.omnix.pipeline.billing.plan;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link AllowanceCounters} in PostgreSQL (V71): one row per (tenant, feature, window), locked
 * while a use is counted, and one row per use key so a repeat replays and a failed job gives its
 * units back.
 */
public class JdbcAllowanceCounters implements AllowanceCounters {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcAllowanceCounters(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public boolean tryConsume(
      TenantId tenant,
      Feature feature,
      Instant windowStart,
      long included,
      long units,
      String key) {
    if (units < 1) {
      throw new IllegalArgumentException("units must be at least 1");
    }
    return Boolean.TRUE.equals(
        tx.execute(
            status -> {
              jdbc.sql(
                      """
                  insert into allowance_counters (tenant_id, feature, window_start, used) values (?, ?, ?, 0)
                  on conflict do nothing""")
                  .params(tenant.value(), feature.wireName(), Timestamp.from(windowStart))
                  .update();
              long used =
                  jdbc.sql(
                          """
                  select used from allowance_counters where tenant_id = ? and feature = ? and window_start = ?
                  for update""")
                      .params(tenant.value(), feature.wireName(), Timestamp.from(windowStart))
                      .query(Long.class)
                      .single();
              Optional<Boolean> previous =
                  jdbc.sql("select counted from allowance_uses where tenant_id = ? and key = ?")
                      .params(tenant.value(), key)
                      .query(Boolean.class)
                      .optional();
              if (previous.isPresent()) {
                return previous.get();
              }
              boolean fits = used + units <= included;
              if (fits) {
                jdbc.sql(
                        """
                    update allowance_counters set used = used + ?
                    where tenant_id = ? and feature = ? and window_start = ?""")
                    .params(units, tenant.value(), feature.wireName(), Timestamp.from(windowStart))
                    .update();
              }
              jdbc.sql(
                      """
                  insert into allowance_uses (tenant_id, key, feature, window_start, units, counted, created_at)
                  values (?, ?, ?, ?, ?, ?, ?)""")
                  .params(
                      tenant.value(),
                      key,
                      feature.wireName(),
                      Timestamp.from(windowStart),
                      units,
                      fits,
                      Timestamp.from(clock.instant()))
                  .update();
              return fits;
            }));
  }

  @Override
  public boolean giveBack(TenantId tenant, String key) {
    return Boolean.TRUE.equals(
        tx.execute(
            status -> {
              Optional<Map<String, Object>> use =
                  jdbc
                      .sql(
                          "select feature, window_start, units from allowance_uses "
                              + "where tenant_id = ? and key = ? and counted for update")
                      .params(tenant.value(), key)
                      .query()
                      .listOfRows()
                      .stream()
                      .findFirst();
              if (use.isEmpty()) {
                return false;
              }
              jdbc.sql(
                      """
                  update allowance_counters set used = used - ?
                  where tenant_id = ? and feature = ? and window_start = ?""")
                  .params(
                      use.get().get("units"),
                      tenant.value(),
                      use.get().get("feature"),
                      use.get().get("window_start"))
                  .update();
              jdbc.sql("update allowance_uses set counted = false where tenant_id = ? and key = ?")
                  .params(tenant.value(), key)
                  .update();
              return true;
            }));
  }

  @Override
  public long used(TenantId tenant, Feature feature, Instant windowStart) {
    return jdbc.sql(
            "select used from allowance_counters where tenant_id = ? and feature = ? and window_start = ?")
        .params(tenant.value(), feature.wireName(), Timestamp.from(windowStart))
        .query(Long.class)
        .optional()
        .orElse(0L);
  }
}
