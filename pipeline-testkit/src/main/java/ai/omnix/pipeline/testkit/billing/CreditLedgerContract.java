package ai.omnix.pipeline.testkit.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Account;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.Clawback;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.EntryKind;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.ledger.InsufficientCreditsException;
import ai.omnix.pipeline.core.billing.ledger.LedgerConflictException;
import ai.omnix.pipeline.core.billing.ledger.LedgerEntry;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link CreditLedger} must do; each implementation's test extends this. */
public abstract class CreditLedgerContract {

  protected abstract CreditLedger ledger();

  /** A tenant of its own for the calling test (a row in the tenants table, for a database). */
  protected abstract TenantId aTenant();

  private static Credits c(String amount) {
    return Credits.parse(amount);
  }

  private TenantId aTenantWith(String credits) {
    TenantId tenant = aTenant();
    ledger().grant(tenant, "welcome", c(credits), "test credit");
    return tenant;
  }

  @Test
  void aReservationMovesCreditsFromAvailableToReserved() {
    TenantId tenant = aTenantWith("10");
    Hold hold = ledger().reserve(tenant, "job-1", c("2.5"), "job 1");

    assertEquals(Hold.Status.OPEN, hold.status());
    assertEquals(c("2.5"), hold.amount());
    assertEquals(new Balance(c("7.5"), c("2.5")), ledger().balance(tenant));
    assertEquals(hold, ledger().hold(tenant, "job-1").orElseThrow());
  }

  @Test
  void aReservationThatDoesNotFitIsRefusedWithBalanceAndNeedAndChangesNothing() {
    TenantId tenant = aTenantWith("1");
    var refused =
        assertThrows(
            InsufficientCreditsException.class,
            () -> ledger().reserve(tenant, "big", c("1.001"), null));

    assertEquals(c("1"), refused.available());
    assertEquals(c("1.001"), refused.needed());
    assertEquals(new Balance(c("1"), Credits.ZERO), ledger().balance(tenant));
    assertTrue(ledger().hold(tenant, "big").isEmpty());
    assertEquals(1, ledger().entries(tenant, 0, 100).size());
  }

  @Test
  void aTenantWithNothingHasAnEmptyBalanceAndCannotReserve() {
    TenantId tenant = aTenant();
    assertEquals(Balance.EMPTY, ledger().balance(tenant));
    assertThrows(
        InsufficientCreditsException.class, () -> ledger().reserve(tenant, "x", c("0.1"), null));
  }

  @Test
  void reservingAgainUnderTheSameHoldKeyReplaysAndAnotherAmountConflicts() {
    TenantId tenant = aTenantWith("10");
    Hold first = ledger().reserve(tenant, "job-1", c("3"), null);
    assertEquals(first, ledger().reserve(tenant, "job-1", c("3"), null));
    assertThrows(
        LedgerConflictException.class, () -> ledger().reserve(tenant, "job-1", c("4"), null));

    assertEquals(new Balance(c("7"), c("3")), ledger().balance(tenant));
  }

  @Test
  void settlingChargesTheActualCostAndReleasesTheRest() {
    TenantId tenant = aTenantWith("10");
    ledger().reserve(tenant, "job-1", c("5"), null);

    Hold settled = ledger().settle(tenant, "job-1", c("1.2"));

    assertEquals(Hold.Status.SETTLED, settled.status());
    assertEquals(c("1.2"), settled.charged());
    assertEquals(c("3.8"), settled.released());
    assertEquals(new Balance(c("8.8"), Credits.ZERO), ledger().balance(tenant));
    List<EntryKind> kinds =
        ledger().entries(tenant, 0, 10).stream().map(LedgerEntry::kind).toList();
    assertEquals(
        List.of(EntryKind.GRANT, EntryKind.RESERVE, EntryKind.SETTLE, EntryKind.RELEASE), kinds);
    assertEquals(c("1.2"), accountBalances(tenant).get(Account.REVENUE));
  }

  @Test
  void settlingIsIdempotentAndCannotChargeMoreThanHeldOrContradictItself() {
    TenantId tenant = aTenantWith("10");
    ledger().reserve(tenant, "job-1", c("5"), null);
    assertThrows(
        IllegalArgumentException.class, () -> ledger().settle(tenant, "job-1", c("5.001")));
    assertThrows(IllegalArgumentException.class, () -> ledger().settle(tenant, "job-1", c("-1")));

    Hold settled = ledger().settle(tenant, "job-1", c("5"));
    assertEquals(settled, ledger().settle(tenant, "job-1", c("5")));
    assertThrows(LedgerConflictException.class, () -> ledger().settle(tenant, "job-1", c("4")));
    assertEquals(settled, ledger().release(tenant, "job-1"), "a settled hold stays settled");
    assertEquals(new Balance(c("5"), Credits.ZERO), ledger().balance(tenant));
  }

  @Test
  void settlingAtZeroReleasesEverything() {
    TenantId tenant = aTenantWith("10");
    ledger().reserve(tenant, "job-1", c("5"), null);
    Hold hold = ledger().settle(tenant, "job-1", Credits.ZERO);
    assertEquals(c("5"), hold.released());
    assertEquals(new Balance(c("10"), Credits.ZERO), ledger().balance(tenant));
  }

  @Test
  void releasingGivesTheWholeHoldBackOnceAndAReleasedHoldCannotBeSettled() {
    TenantId tenant = aTenantWith("10");
    ledger().reserve(tenant, "job-1", c("4"), null);

    Hold released = ledger().release(tenant, "job-1");
    assertEquals(Hold.Status.RELEASED, released.status());
    assertEquals(released, ledger().release(tenant, "job-1"));
    assertThrows(LedgerConflictException.class, () -> ledger().settle(tenant, "job-1", c("1")));
    assertEquals(new Balance(c("10"), Credits.ZERO), ledger().balance(tenant));
    assertEquals(3, ledger().entries(tenant, 0, 10).size());
  }

  @Test
  void anUnknownHoldIsNotFound() {
    TenantId tenant = aTenantWith("10");
    assertThrows(NoSuchElementException.class, () -> ledger().settle(tenant, "nope", c("1")));
    assertThrows(NoSuchElementException.class, () -> ledger().release(tenant, "nope"));
  }

  @Test
  void holdKeysAndIdempotencyKeysBelongToTheirTenant() {
    TenantId one = aTenantWith("5");
    TenantId two = aTenantWith("5");
    ledger().reserve(one, "job-1", c("5"), null);
    ledger().reserve(two, "job-1", c("1"), null);
    assertThrows(NoSuchElementException.class, () -> ledger().settle(aTenant(), "job-1", c("1")));
    ledger().settle(two, "job-1", c("1"));

    assertEquals(new Balance(Credits.ZERO, c("5")), ledger().balance(one));
    assertEquals(new Balance(c("4"), Credits.ZERO), ledger().balance(two));
  }

  @Test
  void grantsAndPurchasesAreIdempotentAndAKeyCannotBeReusedForSomethingElse() {
    TenantId tenant = aTenant();
    LedgerEntry bought = ledger().purchase(tenant, "pi_1", c("100"), "pi_1");
    assertEquals(bought, ledger().purchase(tenant, "pi_1", c("100"), "pi_1"));
    assertThrows(
        LedgerConflictException.class, () -> ledger().purchase(tenant, "pi_1", c("50"), "pi_1"));
    assertThrows(
        LedgerConflictException.class, () -> ledger().grant(tenant, "pi_1", c("100"), "oops"));
    LedgerEntry granted = ledger().grant(tenant, "support-7", c("0.5"), "ticket 7");

    assertEquals(EntryKind.PURCHASE, bought.kind());
    assertEquals(Account.PURCHASES, bought.debit());
    assertEquals(Account.PROMOTIONAL_GRANTS, granted.debit());
    assertEquals(new Balance(c("100.5"), Credits.ZERO), ledger().balance(tenant));
    assertThrows(
        IllegalArgumentException.class, () -> ledger().grant(tenant, "zero", Credits.ZERO, "x"));
  }

  @Test
  void aClawbackNeverTakesWhatWasAlreadySpentAndReportsTheShortfall() {
    TenantId tenant = aTenant();
    ledger().purchase(tenant, "pi_1", c("10"), "pi_1");
    ledger().reserve(tenant, "job-1", c("4"), null);
    ledger().settle(tenant, "job-1", c("4"));
    ledger().reserve(tenant, "job-2", c("1"), null);

    Clawback clawback = ledger().clawback(tenant, "refund-1", c("10"), "charge refunded");

    assertEquals(new Clawback(c("10"), c("5"), c("5")), clawback);
    assertEquals(new Balance(Credits.ZERO, c("1")), ledger().balance(tenant));
    assertEquals(clawback, ledger().clawback(tenant, "refund-1", c("10"), "charge refunded"));
    assertEquals(new Balance(Credits.ZERO, c("1")), ledger().balance(tenant));
    assertEquals(
        new Clawback(c("1"), Credits.ZERO, c("1")),
        ledger().clawback(tenant, "refund-2", c("1"), "nothing left"));
  }

  @Test
  void theBalanceIsTheSumOfTheEntriesAndAllAccountsSumToZero() {
    TenantId tenant = aTenantWith("20");
    ledger().purchase(tenant, "pi", c("50"), "pi");
    ledger().reserve(tenant, "a", c("7.25"), null);
    ledger().reserve(tenant, "b", c("3"), null);
    ledger().settle(tenant, "a", c("6.125"));
    ledger().release(tenant, "b");
    ledger().reserve(tenant, "c", c("1"), null);
    ledger().clawback(tenant, "r", c("0.5"), null);

    Map<Account, Credits> accounts = accountBalances(tenant);
    Balance balance = ledger().balance(tenant);
    assertEquals(balance.available(), accounts.get(Account.AVAILABLE));
    assertEquals(balance.reserved(), accounts.get(Account.RESERVED));
    assertEquals(c("62.375"), balance.available());
    assertEquals(
        Credits.ZERO,
        accounts.values().stream().reduce(Credits.ZERO, Credits::plus),
        "double entry: the accounts sum to zero");
  }

  @Test
  void entriesPageInOrder() {
    TenantId tenant = aTenantWith("10");
    for (int i = 0; i < 5; i++) {
      ledger().reserve(tenant, "h" + i, c("1"), null);
    }
    List<LedgerEntry> first = ledger().entries(tenant, 0, 4);
    List<LedgerEntry> rest = ledger().entries(tenant, first.get(3).id(), 4);
    assertEquals(4, first.size());
    assertEquals(2, rest.size());
    assertTrue(first.get(3).id() < rest.get(0).id());
    assertEquals("h4", rest.get(1).holdKey());
  }

  @Test
  void concurrentReservationsNeverOverspend() throws Exception {
    TenantId tenant = aTenantWith("12");
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < threads * 2; i++) {
      String key = "race-" + i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  ledger().reserve(tenant, key, c("1"), null);
                  return true;
                } catch (InsufficientCreditsException e) {
                  return false;
                }
              }));
    }
    start.countDown();
    int accepted = 0;
    for (Future<Boolean> result : results) {
      accepted += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(12, accepted);
    assertEquals(new Balance(Credits.ZERO, c("12")), ledger().balance(tenant));
  }

  /** Each account's balance (credits − debits) over the tenant's entries. */
  protected Map<Account, Credits> accountBalances(TenantId tenant) {
    Map<Account, Credits> balances = new EnumMap<>(Account.class);
    for (Account account : Account.values()) {
      balances.put(account, Credits.ZERO);
    }
    long after = 0;
    List<LedgerEntry> page;
    do {
      page = ledger().entries(tenant, after, 500);
      for (LedgerEntry e : page) {
        balances.merge(e.credit(), e.amount(), Credits::plus);
        balances.merge(e.debit(), Credits.ZERO.minus(e.amount()), Credits::plus);
        after = e.id();
      }
    } while (!page.isEmpty());
    return balances;
  }
}
