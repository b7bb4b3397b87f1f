package ai.omnix.pipeline.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.billing.BillingFixture;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.InsufficientCreditsException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SharedPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two "API processes" (two ledgers, each on its own connection pool) and 64 threads race for the
 * last credits of one tenant: exactly as many reservations as the balance covers succeed, the
 * balance ends at exactly zero, no entry is negative and the books balance.
 */
class LastCreditsRaceIT {
  private static final int THREADS = 64;
  private static final int COVERED = 23;

  @Test
  void sixtyFourThreadsOverTwoPoolsGetExactlyTheReservationsTheBalanceCovers() throws Exception {
    BillingFixture db = new BillingFixture();
    TenantId tenant = db.aTenant(Plan.PRO);
    db.ledger.purchase(tenant, "pi_race", Credits.parse("11.5"), "pi_race");
    db.ledger.grant(tenant, "promo", Credits.parse("0.006"), "rounding test");
    // 11.506 credits cover exactly 23 reservations of 0.5 credit, with 0.006 left over
    try (HikariDataSource poolA = pool(db.url, "api-a");
        HikariDataSource poolB = pool(db.url, "api-b")) {
      List<JdbcCreditLedger> processes = List.of(ledgerOn(poolA), ledgerOn(poolB));
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        JdbcCreditLedger ledger = processes.get(i % 2);
        String holdKey = "job-" + i;
        outcomes.add(
            threads.submit(
                () -> {
                  start.await();
                  try {
                    ledger.reserve(tenant, holdKey, Credits.parse("0.5"), holdKey);
                    return true;
                  } catch (InsufficientCreditsException e) {
                    assertThat(e.needed()).isEqualTo(Credits.parse("0.5"));
                    assertThat(e.available()).isLessThan(Credits.parse("0.5"));
                    return false;
                  }
                }));
      }
      start.countDown();
      int accepted = 0;
      for (Future<Boolean> outcome : outcomes) {
        accepted += outcome.get(120, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(accepted).isEqualTo(COVERED);
      assertThat(db.ledger.balance(tenant))
          .isEqualTo(new Balance(Credits.parse("0.006"), Credits.parse("11.5")));

      // and settling them all at once from both processes, each charging part of its hold
      List<Future<?>> settles = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        JdbcCreditLedger ledger = processes.get(i % 2);
        String holdKey = "job-" + i;
        settles.add(
            threads.submit(
                () -> {
                  if (ledger.hold(tenant, holdKey).isPresent()) {
                    ledger.settle(tenant, holdKey, Credits.parse("0.494"));
                  }
                  return null;
                }));
      }
      for (Future<?> settle : settles) {
        settle.get(120, TimeUnit.SECONDS);
      }
      threads.shutdown();

      // 23 × 0.006 released + the 0.006 never reserved = 0.144 available
      assertThat(db.ledger.balance(tenant))
          .isEqualTo(new Balance(Credits.parse("0.144"), Credits.ZERO));
      assertBooksBalance(db.jdbc, tenant);
      db.ledger.reserve(tenant, "the-rest", Credits.parse("0.144"), null);
      assertThat(db.ledger.balance(tenant).available()).isEqualTo(Credits.ZERO);
      assertBooksBalance(db.jdbc, tenant);
    }
  }

  private static void assertBooksBalance(JdbcClient jdbc, TenantId tenant) {
    assertThat(
            jdbc.sql("select count(*) from ledger_entries where amount_millis <= 0")
                .query(Long.class)
                .single())
        .as("no entry moves a negative or zero amount")
        .isZero();
    Map<String, Object> sums =
        jdbc.sql(
                """
            with moves as (
              select credit_account as account, amount_millis as amount from ledger_entries where tenant_id = :t
              union all
              select debit_account, -amount_millis from ledger_entries where tenant_id = :t)
            select coalesce(sum(amount), 0) as total,
                   coalesce(sum(amount) filter (where account = 'available'), 0) as available,
                   coalesce(sum(amount) filter (where account = 'reserved'), 0) as reserved
            from moves""")
            .param("t", tenant.value())
            .query()
            .singleRow();
    assertThat(((Number) sums.get("total")).longValue()).as("debits equal credits").isZero();
    Map<String, Object> stored =
        jdbc.sql(
                "select available_millis, reserved_millis from credit_balances where tenant_id = ?")
            .param(tenant.value())
            .query()
            .singleRow();
    assertThat(((Number) sums.get("available")).longValue())
        .as("stored available = sum of its entries")
        .isEqualTo(((Number) stored.get("available_millis")).longValue());
    assertThat(((Number) sums.get("reserved")).longValue())
        .isEqualTo(((Number) stored.get("reserved_millis")).longValue());
  }

  private static HikariDataSource pool(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(SharedPostgres.username());
    config.setPassword("");
    config.setMaximumPoolSize(16);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  private static JdbcCreditLedger ledgerOn(HikariDataSource pool) {
    return new JdbcCreditLedger(
        JdbcClient.create(pool),
        new TransactionTemplate(new DataSourceTransactionManager(pool)),
        Clock.systemUTC());
  }
}
