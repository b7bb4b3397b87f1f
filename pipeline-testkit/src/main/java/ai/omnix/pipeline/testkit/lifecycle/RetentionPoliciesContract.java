package ai.omnix.pipeline.testkit.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.retention.JobRetention;
import ai.omnix.pipeline.core.retention.RetentionOverride;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionPolicy;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RetentionPolicies} must do; each implementation's test extends this. */
public abstract class RetentionPoliciesContract {
  private static final Actor ADMIN = Actor.system("test");

  protected abstract RetentionPolicies policies();

  protected abstract TenantId aTenant(Plan plan);

  /** A job of the tenant whose reserved retention parameter is {@code retention} (null: absent). */
  protected abstract JobId aJob(TenantId tenant, String retention);

  @Test
  void aTenantWithoutOverrideHasItsPlansDefaults() {
    for (Plan plan : Plan.values()) {
      RetentionPolicy policy = policies().effective(aTenant(plan));
      assertEquals(RetentionPolicy.PLAN_DEFAULTS.get(plan), policy);
      assertNull(policy.override());
    }
    assertEquals(30, RetentionPolicy.PLAN_DEFAULTS.get(Plan.FREE).assetDays());
    assertEquals(
        AssetRetention.Mode.TEMPORARY, RetentionPolicy.PLAN_DEFAULTS.get(Plan.PRO).uploadDefault());
  }

  @Test
  void anOverrideReplacesOnlyTheFieldsItSetsUntilCleared() {
    TenantId tenant = aTenant(Plan.ENTERPRISE);
    RetentionOverride contract = new RetentionOverride(2555, null, AssetRetention.Mode.POLICY);

    RetentionPolicy policy = policies().override(tenant, contract, ADMIN);

    assertEquals(2555, policy.assetDays());
    assertEquals(365, policy.jobDays());
    assertEquals(AssetRetention.Mode.POLICY, policy.uploadDefault());
    assertEquals(contract, policy.override());
    assertEquals(policy, policies().effective(tenant));

    assertEquals(
        RetentionPolicy.PLAN_DEFAULTS.get(Plan.ENTERPRISE),
        policies().clearOverride(tenant, ADMIN).orElseThrow());
    assertTrue(policies().clearOverride(tenant, ADMIN).isEmpty());
  }

  @Test
  void unknownTenantsAreRefused() {
    TenantId unknown = new TenantId("nobody-" + UUID.randomUUID().toString().substring(0, 8));
    assertThrows(NoSuchElementException.class, () -> policies().effective(unknown));
    assertThrows(
        NoSuchElementException.class,
        () -> policies().override(unknown, new RetentionOverride(1, 1, null), ADMIN));
  }

  @Test
  void readsWhatAJobSaidAboutRetention() {
    TenantId tenant = aTenant(Plan.PRO);
    assertEquals(JobRetention.TEMPORARY, policies().jobRetention(aJob(tenant, "temporary")));
    assertEquals(JobRetention.POLICY, policies().jobRetention(aJob(tenant, "policy")));
    assertEquals(JobRetention.INHERIT, policies().jobRetention(aJob(tenant, null)));
    assertEquals(JobRetention.INHERIT, policies().jobRetention(JobId.random()));
  }
}
