package ai.omnix.pipeline.store.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.hold.JdbcLegalHolds;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.SharedPostgres;
import ai.omnix.pipeline.testkit.lifecycle.LegalHoldsContract;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcLegalHoldsIT extends LegalHoldsContract {
  private final StoreFixture store = LifecycleFixture.store();
  private final TransactionTemplate tx =
      new TransactionTemplate(new DataSourceTransactionManager(store.dataSource));
  private final JdbcLegalHolds holds = new JdbcLegalHolds(store.jdbc, tx, store.clock);
  private final AssetRepository assets = new AssetRepository(store.jdbc, store.clock);

  @Override
  protected LegalHolds holds() {
    return holds;
  }

  @Override
  protected SettableClock clock() {
    return store.clock;
  }

  @Override
  protected TenantId aTenant() {
    return store.aTenant(Plan.PRO).id();
  }

  @Override
  protected String anAsset(TenantId tenant) {
    return LifecycleFixture.anAsset(assets, tenant).id();
  }

  @Override
  protected <T> T inDeletingTransaction(Supplier<T> check) {
    return tx.execute(s -> check.get());
  }

  @Test
  void theAssetJsonFlagFollowsHoldsOnTheAssetAndOnItsTenant() {
    TenantId tenant = aTenant();
    String before = anAsset(tenant);
    String other = anAsset(tenant);

    LegalHold onAsset = holds.place(tenant, before, "evidence", ADMIN);
    assertThat(assets.find(tenant, before).orElseThrow().legalHold()).isTrue();
    assertThat(assets.find(tenant, other).orElseThrow().legalHold()).isFalse();

    LegalHold onTenant = holds.place(tenant, null, "litigation", ADMIN);
    String during = anAsset(tenant);
    assertThat(assets.find(tenant, other).orElseThrow().legalHold()).isTrue();
    assertThat(assets.find(tenant, during).orElseThrow().legalHold())
        .as("an asset created while its tenant is held")
        .isTrue();

    holds.release(onTenant.id(), "settled", ADMIN);
    assertThat(assets.find(tenant, other).orElseThrow().legalHold()).isFalse();
    assertThat(assets.find(tenant, during).orElseThrow().legalHold()).isFalse();
    assertThat(assets.find(tenant, before).orElseThrow().legalHold())
        .as("still held by its own hold")
        .isTrue();
    holds.release(onAsset.id(), null, ADMIN);
    assertThat(assets.find(tenant, before).orElseThrow().legalHold()).isFalse();
  }

  @Test
  void theCheckRefusesToRunOutsideTheDeletingTransaction() {
    TenantId tenant = aTenant();
    assertThatThrownBy(() -> holds.blockingDeletion(tenant, List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aHoldPlacedWhileADeletionIsUnderWayWaitsForItAndFindsTheAssetGone() throws Exception {
    TenantId tenant = aTenant();
    String asset = anAsset(tenant);
    CountDownLatch checked = new CountDownLatch(1);
    CountDownLatch placing = new CountDownLatch(1);

    CompletableFuture<Void> deletion =
        CompletableFuture.runAsync(
            () ->
                tx.executeWithoutResult(
                    s -> {
                      assertThat(holds.blockingDeletion(tenant, List.of(asset))).isEmpty();
                      assets.markDeleted(tenant, asset);
                      checked.countDown();
                      await(placing);
                      awaitABlockedBackend();
                    }));
    await(checked);
    CompletableFuture<LegalHold> hold =
        CompletableFuture.supplyAsync(
            () -> {
              placing.countDown();
              return holds.place(tenant, asset, "too late", ADMIN);
            });

    deletion.get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> hold.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(NoSuchElementException.class);
    assertThat(holds.list(tenant, false, 10)).isEmpty();
  }

  @Test
  void anErasureCheckedWhileATenantHoldIsBeingPlacedWaitsAndSeesIt() throws Exception {
    TenantId tenant = aTenant();
    anAsset(tenant);
    CountDownLatch placed = new CountDownLatch(1);
    CountDownLatch checking = new CountDownLatch(1);

    CompletableFuture<LegalHold> hold =
        CompletableFuture.supplyAsync(
            () ->
                tx.execute(
                    s -> {
                      LegalHold h = holds.place(tenant, null, "litigation", ADMIN);
                      placed.countDown();
                      await(checking);
                      awaitABlockedBackend();
                      return h;
                    }));
    await(placed);
    CompletableFuture<java.util.Optional<LegalHold>> check =
        CompletableFuture.supplyAsync(
            () -> {
              checking.countDown();
              return tx.execute(s -> holds.blockingDeletion(tenant, List.of()));
            });

    LegalHold placedHold = hold.get(30, TimeUnit.SECONDS);
    assertThat(check.get(30, TimeUnit.SECONDS)).contains(placedHold);
  }

  /**
   * Waits until some backend of this database waits for a lock: the other side is blocked. Asks on
   * a connection of its own: inside the caller's transaction, pg_stat_activity is one snapshot.
   */
  private void awaitABlockedBackend() {
    JdbcClient observer =
        JdbcClient.create(
            new SimpleDriverDataSource(
                new org.postgresql.Driver(),
                ((SimpleDriverDataSource) store.dataSource).getUrl(),
                SharedPostgres.username(),
                ""));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (observer
            .sql(
                "select count(*) from pg_stat_activity where datname = current_database() "
                    + "and wait_event_type = 'Lock'")
            .query(Long.class)
            .single()
        == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the other transaction never waited for a lock");
      }
      sleepBriefly();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
