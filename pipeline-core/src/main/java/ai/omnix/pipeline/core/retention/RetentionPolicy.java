package ai.omnix.pipeline.core.retention;

import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's retention policy in force: its plan's defaults with its own override applied.
 *
 * @param assetDays how long an asset under {@link AssetRetention.Mode#POLICY} is kept after it was
 *     created; also the longest explicit {@code expires_at} an upload may ask for
 * @param jobDays how long a job record is kept after submission (stage 2 then redacts its params
 *     and results, keeping the billing facts)
 * @param uploadDefault what an upload that says nothing gets: {@code TEMPORARY} (24 h, the
 *     product's default) or {@code POLICY}
 * @param override the tenant's own settings, or null when it has none
 */
public record RetentionPolicy(
    Plan plan,
    int assetDays,
    int jobDays,
    AssetRetention.Mode uploadDefault,
    RetentionOverride override) {
  public static final int MIN_DAYS = 1;
  public static final int MAX_DAYS = 3650;

  /**
   * Plan defaults. Enterprise's period is set per contract with a tenant override; until then it is
   * Team's. The migration that creates {@code retention_plan_defaults} seeds the same figures (a
   * test compares them).
   */
  public static final Map<Plan, RetentionPolicy> PLAN_DEFAULTS = planDefaults();

  public RetentionPolicy {
    Objects.requireNonNull(plan);
    Objects.requireNonNull(uploadDefault);
    if (uploadDefault == AssetRetention.Mode.UNTIL) {
      throw new IllegalArgumentException("an upload default is temporary or policy");
    }
  }

  private static Map<Plan, RetentionPolicy> planDefaults() {
    Map<Plan, RetentionPolicy> defaults = new EnumMap<>(Plan.class);
    defaults.put(Plan.FREE, of(Plan.FREE, 30));
    defaults.put(Plan.STUDENT, of(Plan.STUDENT, 90));
    defaults.put(Plan.PRO, of(Plan.PRO, 365));
    defaults.put(Plan.TEAM, of(Plan.TEAM, 365));
    defaults.put(Plan.ENTERPRISE, of(Plan.ENTERPRISE, 365));
    return java.util.Collections.unmodifiableMap(defaults);
  }

  private static RetentionPolicy of(Plan plan, int days) {
    return new RetentionPolicy(plan, days, days, AssetRetention.Mode.TEMPORARY, null);
  }

  /** The policy of a tenant on {@code plan} with {@code override} (null: none). */
  public static RetentionPolicy effective(Plan plan, RetentionOverride override) {
    RetentionPolicy base = PLAN_DEFAULTS.get(plan);
    if (override == null) {
      return base;
    }
    return new RetentionPolicy(
        plan,
        override.assetDays() != null ? override.assetDays() : base.assetDays(),
        override.jobDays() != null ? override.jobDays() : base.jobDays(),
        override.uploadDefault() != null ? override.uploadDefault() : base.uploadDefault(),
        override);
  }

  public Duration assetPeriod() {
    return Duration.ofDays(assetDays);
  }

  public Duration jobPeriod() {
    return Duration.ofDays(jobDays);
  }
}
