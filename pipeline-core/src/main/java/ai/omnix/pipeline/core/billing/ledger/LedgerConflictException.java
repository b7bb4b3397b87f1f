package ai.omnix.pipeline.core.billing.ledger;

/**
 * An idempotency key or hold key was used before for something else (another amount, another kind
 * of operation), or a hold was asked to close in a way that contradicts how it closed. Nothing was
 * changed.
 */
public final class LedgerConflictException extends RuntimeException {
  public LedgerConflictException(String message) {
    super(message, null, false, false);
  }
}
