package ai.omnix.pipeline.testkit.lifecycle;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.retention.JobRetention;
import ai.omnix.pipeline.core.retention.RetentionOverride;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionPolicy;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Retention policies in memory: plans and job choices are told to it ({@link #addTenant}, {@link
 * #addJob}). It keeps no deadlines, so nothing is recomputed. Thread-safe.
 */
public final class InMemoryRetentionPolicies implements RetentionPolicies {
  private final Map<TenantId, Plan> plans = new HashMap<>();
  private final Map<TenantId, RetentionOverride> overrides = new HashMap<>();
  private final Map<JobId, JobRetention> jobs = new HashMap<>();

  public synchronized void addTenant(TenantId tenant, Plan plan) {
    plans.put(tenant, plan);
  }

  public synchronized void addJob(JobId job, JobRetention retention) {
    jobs.put(job, retention);
  }

  @Override
  public synchronized RetentionPolicy effective(TenantId tenant) {
    Plan plan = plans.get(tenant);
    if (plan == null) {
      throw new NoSuchElementException("tenant " + tenant.value());
    }
    return RetentionPolicy.effective(plan, overrides.get(tenant));
  }

  @Override
  public synchronized RetentionPolicy override(
      TenantId tenant, RetentionOverride override, Actor by) {
    effective(tenant);
    overrides.put(tenant, override);
    return effective(tenant);
  }

  @Override
  public synchronized Optional<RetentionPolicy> clearOverride(TenantId tenant, Actor by) {
    effective(tenant);
    return overrides.remove(tenant) == null ? Optional.empty() : Optional.of(effective(tenant));
  }

  @Override
  public synchronized JobRetention jobRetention(JobId job) {
    return jobs.getOrDefault(job, JobRetention.INHERIT);
  }
}
