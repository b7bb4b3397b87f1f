package ai.omnix.pipeline.billing.plan;

import ai.omnix.pipeline.billing.BillingFixture;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.billing.AllowanceCountersContract;

class JdbcAllowanceCountersIT extends AllowanceCountersContract {
  private static final BillingFixture DB = new BillingFixture();

  @Override
  protected AllowanceCounters counters() {
    return DB.allowances;
  }

  @Override
  protected TenantId aTenant() {
    return DB.aTenant(Plan.STUDENT);
  }
}
