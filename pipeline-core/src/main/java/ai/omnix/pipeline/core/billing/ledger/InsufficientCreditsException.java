package ai.omnix.pipeline.core.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;

/** A reservation needs more than the tenant has available. Nothing was changed. */
public final class InsufficientCreditsException extends RuntimeException {
  private final Credits available;
  private final Credits needed;

  public InsufficientCreditsException(Credits available, Credits needed) {
    super("needs " + needed + " credits, " + available + " available", null, false, false);
    this.available = available;
    this.needed = needed;
  }

  public Credits available() {
    return available;
  }

  public Credits needed() {
    return needed;
  }
}
