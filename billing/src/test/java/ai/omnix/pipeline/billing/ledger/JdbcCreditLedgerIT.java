package ai.omnix.pipeline.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.billing.BillingFixture;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.billing.CreditLedgerContract;
import org.junit.jupiter.api.Test;

class JdbcCreditLedgerIT extends CreditLedgerContract {
  private static final BillingFixture DB = new BillingFixture();

  @Override
  protected CreditLedger ledger() {
    return DB.ledger;
  }

  @Override
  protected TenantId aTenant() {
    return DB.aTenant(Plan.FREE);
  }

  @Test
  void entriesCannotBeChangedOrDeleted() {
    TenantId tenant = aTenant();
    ledger().grant(tenant, "g", Credits.of(5), "test");

    assertThatThrownBy(
            () ->
                DB.jdbc
                    .sql("update ledger_entries set amount_millis = 1 where tenant_id = ?")
                    .param(tenant.value())
                    .update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                DB.jdbc
                    .sql("delete from ledger_entries where tenant_id = ?")
                    .param(tenant.value())
                    .update())
        .hasMessageContaining("append-only");
  }

  @Test
  void theDatabaseRefusesANegativeBalanceEvenIfCodeTriedOne() {
    TenantId tenant = aTenant();
    ledger().grant(tenant, "g", Credits.of(1), "test");
    assertThatThrownBy(
            () ->
                DB.jdbc
                    .sql("update credit_balances set available_millis = -1 where tenant_id = ?")
                    .param(tenant.value())
                    .update())
        .hasMessageContaining("credit_balances_available_millis_check");
    assertThat(ledger().balance(tenant).available()).isEqualTo(Credits.of(1));
  }

  @Test
  void aReservationRollsBackWithTheTransactionItJoined() {
    TenantId tenant = aTenant();
    ledger().grant(tenant, "g", Credits.of(3), "test");

    assertThatThrownBy(
            () ->
                DB.tx.executeWithoutResult(
                    status -> {
                      ledger().reserve(tenant, "job-1", Credits.of(2), "job");
                      throw new IllegalStateException("the job insert failed");
                    }))
        .hasMessage("the job insert failed");

    assertThat(ledger().balance(tenant).available()).isEqualTo(Credits.of(3));
    assertThat(ledger().hold(tenant, "job-1")).isEmpty();
  }
}
