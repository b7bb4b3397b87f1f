package ai.omnix.pipeline.core.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.Locale;

/**
 * Credits held in escrow for one piece of work (a job, a chat message) under the caller's hold key,
 * from {@link CreditLedger#reserve} until it is settled or released.
 *
 * @param charged what was spent when it was settled: zero while open and when released
 */
public record Hold(
    TenantId tenant,
    String holdKey,
    Credits amount,
    Status status,
    Credits charged,
    String reference,
    Instant createdAt,
    Instant closedAt) {

  public enum Status {
    OPEN,
    SETTLED,
    RELEASED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What went back to the tenant's available balance when the hold closed. */
  public Credits released() {
    return status == Status.OPEN ? Credits.ZERO : amount.minus(charged);
  }
}
