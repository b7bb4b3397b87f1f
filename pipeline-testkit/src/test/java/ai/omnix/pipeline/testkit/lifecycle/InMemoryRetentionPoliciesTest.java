package ai.omnix.pipeline.testkit.lifecycle;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.retention.JobRetention;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class InMemoryRetentionPoliciesTest extends RetentionPoliciesContract {
  private final AtomicInteger ids = new AtomicInteger();
  private final InMemoryRetentionPolicies policies = new InMemoryRetentionPolicies();

  @Override
  protected RetentionPolicies policies() {
    return policies;
  }

  @Override
  protected TenantId aTenant(Plan plan) {
    TenantId tenant = new TenantId("tenant-" + ids.incrementAndGet());
    policies.addTenant(tenant, plan);
    return tenant;
  }

  @Override
  protected JobId aJob(TenantId tenant, String retention) {
    JobId job = JobId.random();
    policies.addJob(
        job, JobRetention.of(retention == null ? Map.of() : Map.of("retention", retention)));
    return job;
  }
}
