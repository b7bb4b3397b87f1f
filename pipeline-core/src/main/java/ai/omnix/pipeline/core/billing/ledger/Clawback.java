package ai.omnix.pipeline.core.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;

/**
 * The outcome of taking credits back: never more than the tenant still has available, so credits
 * already spent (or held for running work) stay spent; what could not be taken back is the {@code
 * shortfall}, for a person to follow up.
 */
public record Clawback(Credits requested, Credits clawedBack, Credits shortfall) {}
