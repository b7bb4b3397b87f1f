package ai.omnix.pipeline.core.hold;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Legal holds on tenants and assets, and the one check every deletion makes.
 *
 * <p><b>The check.</b> Whoever deletes assets or a tenant's data (the asset API, the retention
 * sweep, erasure) calls {@link #blockingDeletion} inside the transaction that deletes, before it
 * deletes, with every asset it is about to delete. A database implementation locks what it checks
 * (the tenant row shared, the asset rows exclusively) so a hold placed concurrently either is seen
 * or waits for the deletion to commit (and then finds the asset gone). Writes join the caller's
 * transaction. Thread-safe.
 */
public interface LegalHolds {

  /**
   * Places a hold on a tenant ({@code assetId} null) or on one of its assets.
   *
   * @throws java.util.NoSuchElementException when the tenant, or the asset within it, does not
   *     exist (or is already deleted)
   * @throws IllegalArgumentException for a blank reason or one over {@link LegalHold#MAX_REASON}
   */
  LegalHold place(TenantId tenant, String assetId, String reason, Actor by);

  /**
   * Releases an active hold. Empty when there is no such hold; the hold unchanged when it was
   * already released.
   */
  Optional<LegalHold> release(UUID id, String reason, Actor by);

  Optional<LegalHold> find(UUID id);

  /**
   * Holds, newest first.
   *
   * @param tenant only this tenant's, or null for all
   * @param activeOnly only holds not released
   */
  List<LegalHold> list(TenantId tenant, boolean activeOnly, int limit);

  /**
   * The active hold that forbids deleting these assets of the tenant (or, with no assets, the
   * tenant's data as a whole), if any: a hold on the tenant first, else one on any of the assets.
   * Call it inside the deleting transaction.
   *
   * @throws IllegalStateException from a database implementation called outside a transaction
   */
  Optional<LegalHold> blockingDeletion(TenantId tenant, Collection<String> assetIds);

  /** Tenants under an active hold of their own (not counting holds on single assets). */
  Set<TenantId> heldTenants();
}
