package ai.omnix.pipeline.core.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One movement: {@code amount} (always positive) from {@code kind.debit()} to {@code
 * kind.credit()}. Entries are never changed or deleted; a correction is a new entry.
 *
 * @param key unique per tenant: the operation's idempotency key plus the entry's leg
 * @param holdKey the hold the entry belongs to (reserve, settle, release), or null
 * @param reference what the money was for: a job id, a Stripe payment, a support ticket
 */
public record LedgerEntry(
    long id,
    TenantId tenant,
    String key,
    EntryKind kind,
    Credits amount,
    String holdKey,
    String reference,
    Instant at) {
  public LedgerEntry {
    Objects.requireNonNull(tenant);
    Objects.requireNonNull(key);
    Objects.requireNonNull(kind);
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("a ledger entry moves a positive amount");
    }
  }

  public Account debit() {
    return kind.debit();
  }

  public Account credit() {
    return kind.credit();
  }
}
