package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;

/**
 * The page and pixel limits one document job runs under: those of its tenant's plan, from {@link
 * DocumentLimits#forPlan(Plan)}.
 *
 * @param plan the plan the limits are of; null when the job's plan was unknown (the smallest limits
 *     then apply)
 * @param maxPages documents with more pages fail {@code too_many_pages}
 * @param maxImagePixels images or rendered pages with more pixels fail {@code image_too_large}
 */
public record PlanLimits(Plan plan, int maxPages, long maxImagePixels) {

  public PlanLimits {
    if (maxPages <= 0 || maxImagePixels <= 0) {
      throw new IllegalArgumentException("plan limits must be positive");
    }
  }

  /**
   * @throws JobFailedException {@code too_many_pages}, not retryable, naming the plan and its limit
   */
  public void requirePages(long pages) {
    if (pages > maxPages) {
      throw DocumentFailures.tooManyPages(pages, maxPages, planName());
    }
  }

  /**
   * Checks dimensions before anything is decoded.
   *
   * @throws JobFailedException {@code image_too_large}, not retryable, when a side is not positive
   *     or the pixel count is over the plan's limit
   */
  public void requirePixels(long width, long height) {
    if (width <= 0 || height <= 0 || width > maxImagePixels / height) {
      throw DocumentFailures.imageTooLarge(width, height, maxImagePixels, planName());
    }
  }

  private String planName() {
    return plan == null ? "current" : plan.wireName();
  }
}
