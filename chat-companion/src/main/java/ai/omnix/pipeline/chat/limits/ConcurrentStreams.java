package ai.omnix.pipeline.chat.limits;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replies each tenant has in flight in this process. Per process, not per cluster: a count in
 * PostgreSQL would cost a round trip before every first token; with N chat replicas a tenant may
 * hold up to N times its limit (spend stays bounded by the credit reservation).
 */
public final class ConcurrentStreams {
  private final ConcurrentHashMap<TenantId, Integer> inFlight = new ConcurrentHashMap<>();

  /** Takes a slot if the tenant has fewer than {@code limit} in flight. */
  public boolean tryAcquire(TenantId tenant, int limit) {
    boolean[] granted = {false};
    inFlight.compute(
        tenant,
        (t, n) -> {
          int current = n == null ? 0 : n;
          if (current >= limit) {
            return n;
          }
          granted[0] = true;
          return current + 1;
        });
    return granted[0];
  }

  /** Gives a slot back; call exactly once per granted {@link #tryAcquire}. */
  public void release(TenantId tenant) {
    inFlight.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
  }

  public int inFlight(TenantId tenant) {
    return inFlight.getOrDefault(tenant, 0);
  }

  public int total() {
    return inFlight.values().stream().mapToInt(Integer::intValue).sum();
  }
}
