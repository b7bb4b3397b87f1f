package ai.omnix.pipeline.testkit.billing;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.plan.AllowanceCounters;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link AllowanceCounters} in memory, for fast tests of their callers. */
public final class InMemoryAllowanceCounters implements AllowanceCounters {
  private record Window(TenantId tenant, Feature feature, Instant start) {}

  private record Use(Window window, long units, boolean counted) {}

  private final Map<Window, Long> used = new HashMap<>();
  private final Map<String, Use> uses = new HashMap<>();

  @Override
  public synchronized boolean tryConsume(
      TenantId tenant,
      Feature feature,
      Instant windowStart,
      long included,
      long units,
      String key) {
    Use previous = uses.get(tenant + "/" + key);
    if (previous != null) {
      return previous.counted();
    }
    Window window = new Window(tenant, feature, windowStart);
    long now = used.getOrDefault(window, 0L);
    boolean fits = now + units <= included;
    if (fits) {
      used.put(window, now + units);
    }
    uses.put(tenant + "/" + key, new Use(window, units, fits));
    return fits;
  }

  @Override
  public synchronized boolean giveBack(TenantId tenant, String key) {
    Use use = uses.get(tenant + "/" + key);
    if (use == null || !use.counted()) {
      return false;
    }
    used.merge(use.window(), -use.units(), Long::sum);
    uses.put(tenant + "/" + key, new Use(use.window(), use.units(), false));
    return true;
  }

  @Override
  public synchronized long used(TenantId tenant, Feature feature, Instant windowStart) {
    return used.getOrDefault(new Window(tenant, feature, windowStart), 0L);
  }
}
