package ai.omnix.pipeline.testkit.billing;

import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.concurrent.atomic.AtomicInteger;

class InMemoryAllowanceCountersTest extends AllowanceCountersContract {
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private final AllowanceCounters counters = new InMemoryAllowanceCounters();

  @Override
  protected AllowanceCounters counters() {
    return counters;
  }

  @Override
  protected TenantId aTenant() {
    return new TenantId("tenant-" + TENANTS.incrementAndGet());
  }
}
