package ai.omnix.pipeline.billing.escrow;

import ai.omnix.pipeline.billing.pricing.JobTypePricing;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.job.JobStatus;

/**
 * What an ended job is charged out of its hold: a pure function of how it ended, tested as a table.
 *
 * <ul>
 *   <li><b>Succeeded:</b> the price of what it reported using ({@code credits.actual}), or of its
 *       estimate when it reported nothing.
 *   <li><b>Failed or canceled:</b> the price of what a provider delivered for it (the job's billed
 *       provider attempt: a generation whose result was adopted before the job failed or was
 *       canceled), else nothing.
 * </ul>
 *
 * Never more than the hold: the rest of the hold is released.
 */
public final class EscrowSettlement {
  private EscrowSettlement() {}

  /**
   * @param actualUnits what the job reported using, in the job types' estimate unit, or null
   * @param deliveredUnits the billed provider attempt's credits, or null when no attempt was billed
   * @param count the units the job was sold in (images of one generation; 1 otherwise)
   * @return the credits to charge (zero: release the whole hold)
   */
  public static Credits charge(
      Feature feature,
      JobStatus status,
      long estimateUnits,
      Long actualUnits,
      Long deliveredUnits,
      long count,
      Credits held) {
    Long units =
        status == JobStatus.SUCCEEDED
            ? (actualUnits != null ? actualUnits : Long.valueOf(estimateUnits))
            : deliveredUnits;
    if (units == null || units < 0 || feature == Feature.INTERNAL) {
      return Credits.ZERO;
    }
    return JobTypePricing.priceOf(feature, units, count).min(held);
  }
}
