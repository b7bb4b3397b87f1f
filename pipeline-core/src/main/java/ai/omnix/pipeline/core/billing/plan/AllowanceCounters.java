package ai.omnix.pipeline.core.billing.plan;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;

/**
 * How much of each allowance a tenant has used in a window (a UTC day, a month or paid period). A
 * new window starts from zero: that is the reset. Consumption is atomic and idempotent under its
 * key, so two processes racing for the last included message cannot both get it. Thread-safe; a
 * database-backed implementation joins the caller's transaction when one is open.
 */
public interface AllowanceCounters {

  /**
   * Counts {@code units} under {@code key} if the window's use stays within {@code included};
   * otherwise counts nothing. Repeating a key returns the first answer and counts nothing more.
   *
   * @return whether the units were counted
   */
  boolean tryConsume(
      TenantId tenant, Feature feature, Instant windowStart, long included, long units, String key);

  /** Gives back what {@code key} counted (work that failed or was canceled); false if nothing. */
  boolean giveBack(TenantId tenant, String key);

  long used(TenantId tenant, Feature feature, Instant windowStart);
}
