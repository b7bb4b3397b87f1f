package ai.omnix.pipeline.testkit.lifecycle;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Legal holds in memory, for unit tests of code that deletes. It knows the tenants and assets it is
 * told about ({@link #addTenant}, {@link #addAsset}). Thread-safe (one lock, which stands in for
 * the database's row locks).
 */
public final class InMemoryLegalHolds implements LegalHolds {
  private final Clock clock;
  private final Set<TenantId> tenants = new LinkedHashSet<>();
  private final Map<String, TenantId> assets = new HashMap<>();
  private final Map<UUID, LegalHold> holds = new HashMap<>();

  public InMemoryLegalHolds(Clock clock) {
    this.clock = clock;
  }

  public synchronized void addTenant(TenantId tenant) {
    tenants.add(tenant);
  }

  public synchronized void addAsset(TenantId tenant, String assetId) {
    tenants.add(tenant);
    assets.put(assetId, tenant);
  }

  public synchronized void removeAsset(String assetId) {
    assets.remove(assetId);
  }

  @Override
  public synchronized LegalHold place(TenantId tenant, String assetId, String reason, Actor by) {
    if (reason == null || reason.isBlank() || reason.length() > LegalHold.MAX_REASON) {
      throw new IllegalArgumentException(
          "a reason of 1 to " + LegalHold.MAX_REASON + " characters is required");
    }
    if (!tenants.contains(tenant)) {
      throw new NoSuchElementException("tenant " + tenant.value());
    }
    if (assetId != null && !tenant.equals(assets.get(assetId))) {
      throw new NoSuchElementException("asset " + assetId + " of tenant " + tenant.value());
    }
    LegalHold hold =
        new LegalHold(
            UUID.randomUUID(),
            tenant,
            assetId,
            reason.strip(),
            clock.instant(),
            by.label(),
            null,
            null,
            null);
    holds.put(hold.id(), hold);
    return hold;
  }

  @Override
  public synchronized Optional<LegalHold> release(UUID id, String reason, Actor by) {
    LegalHold hold = holds.get(id);
    if (hold == null || !hold.active()) {
      return Optional.ofNullable(hold);
    }
    LegalHold released =
        new LegalHold(
            hold.id(),
            hold.tenant(),
            hold.assetId(),
            hold.reason(),
            hold.placedAt(),
            hold.placedBy(),
            clock.instant(),
            by.label(),
            reason == null || reason.isBlank() ? null : reason.strip());
    holds.put(id, released);
    return Optional.of(released);
  }

  @Override
  public synchronized Optional<LegalHold> find(UUID id) {
    return Optional.ofNullable(holds.get(id));
  }

  @Override
  public synchronized List<LegalHold> list(TenantId tenant, boolean activeOnly, int limit) {
    return holds.values().stream()
        .filter(h -> tenant == null || h.tenant().equals(tenant))
        .filter(h -> !activeOnly || h.active())
        .sorted(
            Comparator.comparing(LegalHold::placedAt)
                .thenComparing(h -> h.id().toString())
                .reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<LegalHold> blockingDeletion(
      TenantId tenant, Collection<String> assetIds) {
    List<LegalHold> active =
        new ArrayList<>(
            holds.values().stream().filter(h -> h.active() && h.tenant().equals(tenant)).toList());
    active.sort(
        Comparator.comparing((LegalHold h) -> h.assetId() != null)
            .thenComparing(LegalHold::placedAt)
            .thenComparing(h -> h.id().toString()));
    return active.stream()
        .filter(h -> h.assetId() == null || assetIds.contains(h.assetId()))
        .findFirst();
  }

  @Override
  public synchronized Set<TenantId> heldTenants() {
    Set<TenantId> held = new java.util.TreeSet<>(Comparator.comparing(TenantId::value));
    holds.values().stream()
        .filter(h -> h.active() && h.onTenant())
        .forEach(h -> held.add(h.tenant()));
    return held;
  }
}
