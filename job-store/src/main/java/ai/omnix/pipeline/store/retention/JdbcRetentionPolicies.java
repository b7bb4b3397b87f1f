package ai.omnix.pipeline.store.retention;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.retention.JobRetention;
import ai.omnix.pipeline.core.retention.RetentionOverride;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionPolicy;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention policies in {@code retention_plan_defaults} and {@code tenant_retention_policies}.
 * Deadlines are recomputed by the database (triggers on both tables and on a tenant's plan), so a
 * plan change made by any code recomputes them too. Thread-safe.
 */
public class JdbcRetentionPolicies implements RetentionPolicies {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcRetentionPolicies(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public RetentionPolicy effective(TenantId tenant) {
    return jdbc.sql(
            """
        select t.plan, d.asset_days as d_asset, d.job_days as d_job, d.upload_retention as d_upload,
               o.tenant_id as o_tenant, o.asset_days as o_asset, o.job_days as o_job,
               o.upload_retention as o_upload
        from tenants t
        join retention_plan_defaults d on d.plan = t.plan
        left join tenant_retention_policies o on o.tenant_id = t.id
        where t.id = ?""")
        .param(tenant.value())
        .query(JdbcRetentionPolicies::map)
        .optional()
        .orElseThrow(() -> new NoSuchElementException("tenant " + tenant.value()));
  }

  @Override
  public RetentionPolicy override(TenantId tenant, RetentionOverride override, Actor by) {
    return tx.execute(
        s -> {
          effective(tenant);
          jdbc.sql(
                  """
              insert into tenant_retention_policies
                (tenant_id, asset_days, job_days, upload_retention, updated_at, updated_by)
              values (?, ?, ?, ?, ?, ?)
              on conflict (tenant_id) do update set asset_days = excluded.asset_days,
                job_days = excluded.job_days, upload_retention = excluded.upload_retention,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
              .params(
                  tenant.value(),
                  override.assetDays(),
                  override.jobDays(),
                  override.uploadDefault() == null ? null : override.uploadDefault().wireName(),
                  Timestamp.from(clock.instant()),
                  by.label())
              .update();
          return effective(tenant);
        });
  }

  @Override
  public Optional<RetentionPolicy> clearOverride(TenantId tenant, Actor by) {
    return tx.execute(
        s -> {
          effective(tenant);
          int removed =
              jdbc.sql("delete from tenant_retention_policies where tenant_id = ?")
                  .param(tenant.value())
                  .update();
          return removed == 0 ? Optional.empty() : Optional.of(effective(tenant));
        });
  }

  @Override
  public JobRetention jobRetention(JobId job) {
    return jdbc.sql("select retention from jobs where id = ?")
        .param(job.value())
        .query(String.class)
        .optional()
        .map(JobRetention::fromWireName)
        .orElse(JobRetention.INHERIT);
  }

  private static RetentionPolicy map(ResultSet rs, int row) throws SQLException {
    Plan plan = Plan.fromWireName(rs.getString("plan")).orElseThrow();
    RetentionOverride override = null;
    if (rs.getString("o_tenant") != null) {
      override =
          new RetentionOverride(
              (Integer) rs.getObject("o_asset"),
              (Integer) rs.getObject("o_job"),
              rs.getString("o_upload") == null
                  ? null
                  : AssetRetention.Mode.fromWireName(rs.getString("o_upload")));
    }
    return new RetentionPolicy(
        plan,
        override != null && override.assetDays() != null
            ? override.assetDays()
            : rs.getInt("d_asset"),
        override != null && override.jobDays() != null ? override.jobDays() : rs.getInt("d_job"),
        override != null && override.uploadDefault() != null
            ? override.uploadDefault()
            : AssetRetention.Mode.fromWireName(rs.getString("d_upload")),
        override);
  }
}
