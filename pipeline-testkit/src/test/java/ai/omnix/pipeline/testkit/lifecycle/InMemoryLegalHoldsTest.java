package ai.omnix.pipeline.testkit.lifecycle;

import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

class InMemoryLegalHoldsTest extends LegalHoldsContract {
  private final AtomicInteger ids = new AtomicInteger();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final InMemoryLegalHolds holds = new InMemoryLegalHolds(clock);

  @Override
  protected LegalHolds holds() {
    return holds;
  }

  @Override
  protected SettableClock clock() {
    return clock;
  }

  @Override
  protected TenantId aTenant() {
    TenantId tenant = new TenantId("tenant-" + ids.incrementAndGet());
    holds.addTenant(tenant);
    return tenant;
  }

  @Override
  protected String anAsset(TenantId tenant) {
    String id = "ast_" + ids.incrementAndGet();
    holds.addAsset(tenant, id);
    return id;
  }

  @Override
  protected <T> T inDeletingTransaction(Supplier<T> check) {
    return check.get();
  }
}
