package ai.omnix.pipeline.testkit.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What every {@link LegalHolds} must do; each implementation's test extends this. */
public abstract class LegalHoldsContract {
  protected static final Actor ADMIN =
      Actor.apiKey(UUID.fromString("00000000-0000-0000-0000-0000000000ad"));

  protected abstract LegalHolds holds();

  protected abstract SettableClock clock();

  /** A tenant that exists for the holds under test. */
  protected abstract TenantId aTenant();

  /** An asset of the tenant that exists for the holds under test. */
  protected abstract String anAsset(TenantId tenant);

  /** Runs the check as a deletion would: inside its transaction. */
  protected abstract <T> T inDeletingTransaction(Supplier<T> check);

  private Optional<LegalHold> blocking(TenantId tenant, String... assets) {
    return inDeletingTransaction(() -> holds().blockingDeletion(tenant, List.of(assets)));
  }

  @Test
  void aHoldOnATenantBlocksDeletingAnyOfItsAssetsAndItsDataAsAWhole() {
    TenantId tenant = aTenant();
    TenantId other = aTenant();
    String asset = anAsset(tenant);
    String elsewhere = anAsset(other);

    LegalHold hold = holds().place(tenant, null, "  litigation 2026-17  ", ADMIN);

    assertTrue(hold.active());
    assertTrue(hold.onTenant());
    assertEquals("litigation 2026-17", hold.reason());
    assertEquals("api_key:" + ADMIN.id(), hold.placedBy());
    assertEquals(clock().instant(), hold.placedAt());
    assertEquals(Optional.of(hold), blocking(tenant, asset));
    assertEquals(Optional.of(hold), blocking(tenant));
    assertEquals(Optional.empty(), blocking(other, elsewhere));
    assertEquals(Set.of(tenant), holds().heldTenants());
  }

  @Test
  void aHoldOnAnAssetBlocksOnlyDeletionsThatWouldTakeIt() {
    TenantId tenant = aTenant();
    String source = anAsset(tenant);
    String held = anAsset(tenant);

    LegalHold hold = holds().place(tenant, held, "evidence", ADMIN);

    assertFalse(hold.onTenant());
    assertEquals(Optional.empty(), blocking(tenant, source));
    assertEquals(Optional.of(hold), blocking(tenant, source, held));
    assertEquals(Optional.empty(), blocking(tenant), "the tenant as a whole is not held");
    assertEquals(Set.of(), holds().heldTenants());
  }

  @Test
  void aTenantHoldIsReportedBeforeAnAssetHold() {
    TenantId tenant = aTenant();
    String asset = anAsset(tenant);
    holds().place(tenant, asset, "first, on the asset", ADMIN);
    clock().advance(Duration.ofMinutes(1));
    LegalHold onTenant = holds().place(tenant, null, "then the tenant", ADMIN);

    assertEquals(Optional.of(onTenant), blocking(tenant, asset));
  }

  @Test
  void releasingAHoldLiftsItAndKeepsItAsHistory() {
    TenantId tenant = aTenant();
    String asset = anAsset(tenant);
    LegalHold hold = holds().place(tenant, null, "audit", ADMIN);
    clock().advance(Duration.ofDays(3));

    LegalHold released = holds().release(hold.id(), "case closed", ADMIN).orElseThrow();

    assertFalse(released.active());
    assertEquals(clock().instant(), released.releasedAt());
    assertEquals("case closed", released.releaseReason());
    assertEquals("api_key:" + ADMIN.id(), released.releasedBy());
    assertEquals(Optional.empty(), blocking(tenant, asset));
    assertEquals(Optional.of(released), holds().find(hold.id()));
    clock().advance(Duration.ofDays(1));
    assertEquals(
        released.releasedAt(),
        holds().release(hold.id(), "again", ADMIN).orElseThrow().releasedAt(),
        "releasing twice changes nothing");
    assertTrue(holds().release(UUID.randomUUID(), "unknown", ADMIN).isEmpty());
  }

  @Test
  void listsNewestFirstByTenantAndActivity() {
    TenantId tenant = aTenant();
    TenantId other = aTenant();
    LegalHold first = holds().place(tenant, null, "one", ADMIN);
    clock().advance(Duration.ofMinutes(1));
    LegalHold second = holds().place(tenant, anAsset(tenant), "two", ADMIN);
    clock().advance(Duration.ofMinutes(1));
    LegalHold third = holds().place(other, null, "three", ADMIN);
    holds().release(first.id(), null, ADMIN);

    assertEquals(
        List.of(second.id(), first.id()),
        holds().list(tenant, false, 10).stream().map(LegalHold::id).toList());
    assertEquals(
        List.of(second.id()), holds().list(tenant, true, 10).stream().map(LegalHold::id).toList());
    List<UUID> all = holds().list(null, false, 10).stream().map(LegalHold::id).toList();
    assertTrue(all.indexOf(third.id()) < all.indexOf(second.id()));
    assertEquals(1, holds().list(null, false, 1).size());
    assertNull(holds().find(first.id()).orElseThrow().releaseReason());
  }

  @Test
  void refusesUnknownTenantsAndAssetsAndBlankReasons() {
    TenantId tenant = aTenant();
    TenantId other = aTenant();
    String othersAsset = anAsset(other);
    assertThrows(
        NoSuchElementException.class,
        () ->
            holds()
                .place(
                    new TenantId("no-such-tenant-" + UUID.randomUUID().toString().substring(0, 8)),
                    null,
                    "x",
                    ADMIN));
    assertThrows(
        NoSuchElementException.class, () -> holds().place(tenant, othersAsset, "x", ADMIN));
    assertThrows(
        NoSuchElementException.class, () -> holds().place(tenant, "ast_missing", "x", ADMIN));
    assertThrows(IllegalArgumentException.class, () -> holds().place(tenant, null, " ", ADMIN));
    assertThrows(
        IllegalArgumentException.class,
        () -> holds().place(tenant, null, "x".repeat(LegalHold.MAX_REASON + 1), ADMIN));
    assertNotNull(holds().place(tenant, null, "fine", ADMIN));
  }
}
