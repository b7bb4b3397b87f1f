package ai.omnix.pipeline.workers.dispatch;

/**
 * How the dispatcher shares worker slots.
 *
 * @param heavyShare the fraction of slots heavy jobs may hold at most
 * @param ioBoundShare the fraction of slots io-bound jobs may hold at most
 * @param reservedLightShare the fraction of slots that only light jobs may take, so a light job
 *     always finds one
 * @param overcommit how many runs may be handed to the executor per slot: above 1 keeps the
 *     executor's own queue fed between dispatcher passes, at the cost of a light job waiting behind
 *     that many light jobs at most
 * @param maxCandidates how many queued jobs one pass looks at, at most (each tenant's share is
 *     bounded by its plan's concurrency, so this only bites with thousands of tenants waiting at
 *     once)
 */
public record DispatchLimits(
    double heavyShare,
    double ioBoundShare,
    double reservedLightShare,
    double overcommit,
    int maxCandidates) {

  public static DispatchLimits defaults() {
    return new DispatchLimits(0.5, 0.75, 0.25, 2.0, 5_000);
  }

  public DispatchLimits {
    if (heavyShare <= 0
        || heavyShare > 1
        || ioBoundShare <= 0
        || ioBoundShare > 1
        || reservedLightShare < 0
        || reservedLightShare >= 1
        || overcommit < 1
        || maxCandidates < 1) {
      throw new IllegalArgumentException("dispatch limits out of range: " + this);
    }
  }
}
