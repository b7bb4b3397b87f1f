package ai.omnix.pipeline.chat.route;

import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;

/**
 * What a routed reply does when an endpoint fails, and what the failure says about the endpoint's
 * health: pure functions of their inputs, tested as tables ({@code FailoverTest}).
 *
 * <ul>
 *   <li>Before the first token, a 429, 5xx, timeout, connection failure or malformed answer moves
 *       on to the next endpoint; a 400, 401/403 or a refusal ends the reply (another endpoint would
 *       refuse it too, or an operator must fix a key).
 *   <li>After the first token the reply never switches: the client has part of one model's answer,
 *       and a second model's would not continue it. The reply ends with an error and is billed for
 *       the tokens delivered.
 *   <li>An endpoint is skipped without a call when its circuit is open or the provider's rate limit
 *       has no token now (a chat cannot wait for one).
 * </ul>
 */
public final class Failover {
  private Failover() {}

  /** What to do after an endpoint failed. */
  public enum Decision {
    /** Start the same request on the next endpoint. */
    NEXT_ENDPOINT,
    /** End the reply with this error. */
    END_WITH_ERROR
  }

  /** Why an endpoint was not called. */
  public enum Skip {
    CIRCUIT_OPEN,
    RATE_LIMITED
  }

  /**
   * @param kind what went wrong
   * @param afterFirstToken whether any of the reply had reached the client
   * @param endpointsLeft whether an endpoint remains to try
   */
  public static Decision afterFailure(Kind kind, boolean afterFirstToken, boolean endpointsLeft) {
    return kind.retryable() && !afterFirstToken && endpointsLeft
        ? Decision.NEXT_ENDPOINT
        : Decision.END_WITH_ERROR;
  }

  /**
   * Whether the failure counts against the endpoint's circuit: its own trouble (429, 5xx, timeouts,
   * broken connections, garbled answers), not a request another endpoint would refuse.
   */
  public static boolean againstEndpoint(Kind kind) {
    return kind.retryable();
  }

  /**
   * The reply's error when no endpoint could be called at all: every endpoint skipped by its
   * guards. Rate limits alone say "rate limited" (retry shortly); anything else "unavailable".
   */
  public static Kind whenAllSkipped(java.util.Collection<Skip> skips) {
    return !skips.isEmpty() && skips.stream().allMatch(s -> s == Skip.RATE_LIMITED)
        ? Kind.RATE_LIMITED
        : Kind.UNAVAILABLE;
  }
}
