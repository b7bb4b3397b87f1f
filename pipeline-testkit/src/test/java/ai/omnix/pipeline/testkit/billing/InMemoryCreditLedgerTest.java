package ai.omnix.pipeline.testkit.billing;

import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

class InMemoryCreditLedgerTest extends CreditLedgerContract {
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private final CreditLedger ledger =
      new InMemoryCreditLedger(new SettableClock(Instant.parse("2026-01-15T10:00:00Z")));

  @Override
  protected CreditLedger ledger() {
    return ledger;
  }

  @Override
  protected TenantId aTenant() {
    return new TenantId("tenant-" + TENANTS.incrementAndGet());
  }
}
