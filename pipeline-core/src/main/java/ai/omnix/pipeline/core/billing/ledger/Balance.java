package ai.omnix.pipeline.core.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;

/** A tenant's credits: what it may spend now, and what is held for work in progress. */
public record Balance(Credits available, Credits reserved) {
  public static final Balance EMPTY = new Balance(Credits.ZERO, Credits.ZERO);

  public Credits total() {
    return available.plus(reserved);
  }
}
