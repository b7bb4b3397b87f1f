package ai.omnix.pipeline.core.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The credit ledger: an append-only, double-entry record of every credit a tenant receives, holds
 * and spends (accounts: {@link Account}; movements: {@link EntryKind}), with the balance it adds up
 * to.
 *
 * <p><b>Invariants</b>, whatever the concurrency, across processes:
 *
 * <ul>
 *   <li>A tenant's available and reserved balances never go below zero: a reservation that does not
 *       fit is refused with {@link InsufficientCreditsException} and changes nothing.
 *   <li>The stored balance equals the sum of the tenant's entries; all accounts together sum to
 *       zero (each entry debits one account and credits another by the same positive amount).
 *   <li>Every operation is idempotent under its key: repeating it with the same arguments returns
 *       the first outcome and writes nothing; the same key with different arguments throws {@link
 *       LedgerConflictException} and writes nothing.
 *   <li>A hold is closed once: settled (the actual cost charged, the rest released) or released
 *       (all of it back). It never charges more than it holds.
 *   <li>A clawback never takes more than the tenant has available: spent credits stay spent, and
 *       what could not be taken back is reported as the shortfall.
 * </ul>
 *
 * <p>Keys are scoped to the tenant. Implementations are thread-safe. A database-backed ledger joins
 * the caller's transaction when one is open on its database (so a reservation commits or rolls back
 * with the job insert that needs it) and runs its own otherwise.
 */
public interface CreditLedger {

  Balance balance(TenantId tenant);

  /**
   * Moves {@code amount} from available to reserved under {@code holdKey}.
   *
   * @param reference what the hold is for (a job id, a chat message id), kept on the hold
   * @throws InsufficientCreditsException when less than {@code amount} is available
   * @throws LedgerConflictException when {@code holdKey} already holds another amount
   * @throws IllegalArgumentException when {@code amount} is not positive
   */
  Hold reserve(TenantId tenant, String holdKey, Credits amount, String reference);

  /**
   * Charges {@code actual} of the hold (reserved → revenue) and releases the rest (reserved →
   * available), closing it.
   *
   * @throws IllegalArgumentException when {@code actual} is negative or more than the hold
   * @throws LedgerConflictException when the hold was released, or settled at another amount
   * @throws NoSuchElementException when the tenant has no such hold
   */
  Hold settle(TenantId tenant, String holdKey, Credits actual);

  /**
   * Gives the whole hold back (reserved → available). A hold already closed is returned as it is: a
   * settled hold stays settled.
   *
   * @throws NoSuchElementException when the tenant has no such hold
   */
  Hold release(TenantId tenant, String holdKey);

  Optional<Hold> hold(TenantId tenant, String holdKey);

  /**
   * Credits given, not paid for (promotional grants → available): support credit, promotions.
   *
   * @throws LedgerConflictException when the key was used for another operation or amount
   */
  LedgerEntry grant(TenantId tenant, String idempotencyKey, Credits amount, String reason);

  /**
   * Credits paid for (purchases → available): a credit package.
   *
   * @param reference the payment, such as a Stripe payment intent
   * @throws LedgerConflictException when the key was used for another operation or amount
   */
  LedgerEntry purchase(TenantId tenant, String idempotencyKey, Credits amount, String reference);

  /**
   * Takes up to {@code amount} back from what is available (available → refunds), never more.
   *
   * @throws LedgerConflictException when the key was used for another operation or amount
   */
  Clawback clawback(TenantId tenant, String idempotencyKey, Credits amount, String reason);

  /** The tenant's entries after {@code afterId}, oldest first, at most {@code limit}. */
  List<LedgerEntry> entries(TenantId tenant, long afterId, int limit);
}
