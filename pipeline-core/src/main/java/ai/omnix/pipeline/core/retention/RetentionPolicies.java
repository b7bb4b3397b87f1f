package ai.omnix.pipeline.core.retention;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Optional;

/**
 * Retention policy as data: plan defaults ({@link RetentionPolicy#PLAN_DEFAULTS}) and per-tenant
 * overrides. Every asset and job carries its deadline ({@code expires_at}); changing a tenant's
 * override (or its plan) recomputes the deadlines of its data kept by policy, in the same
 * transaction, so a retention sweep only compares deadlines with the clock.
 *
 * <p>Writes join the caller's transaction when one is active. Thread-safe.
 */
public interface RetentionPolicies {

  /**
   * The policy in force for a tenant.
   *
   * @throws java.util.NoSuchElementException for an unknown tenant
   */
  RetentionPolicy effective(TenantId tenant);

  /**
   * Sets a tenant's override and recomputes the deadlines of its assets and job records kept by
   * policy (and caps explicit deadlines at the new asset period). Returns the policy now in force.
   *
   * @throws java.util.NoSuchElementException for an unknown tenant
   */
  RetentionPolicy override(TenantId tenant, RetentionOverride override, Actor by);

  /**
   * Removes a tenant's override (its plan's defaults apply again) and recomputes deadlines; returns
   * the policy now in force, and whether there was an override to remove.
   */
  Optional<RetentionPolicy> clearOverride(TenantId tenant, Actor by);

  /** What a job's {@value JobRetention#PARAM} parameter said, for its outputs. */
  JobRetention jobRetention(JobId job);
}
