package ai.omnix.pipeline.core.tenant;

import java.util.Locale;
import java.util.Optional;

/**
 * A commercial plan. Its scheduling rank orders dispatch (higher first) and its concurrency cap
 * bounds how many of a tenant's jobs may be in flight at once across the whole cluster. What a plan
 * costs and includes (allowances, features, premium models, seats) is data in {@link
 * ai.omnix.pipeline.core.billing.plan.PlanCatalog}.
 */
public enum Plan {
  FREE(1, 1, 100),
  STUDENT(2, 2, 200),
  PRO(3, 4, 1_000),
  TEAM(4, 8, 5_000),
  ENTERPRISE(5, 16, 50_000);

  private final int schedulingRank;
  private final int maxConcurrentJobs;
  private final int maxUnfinishedJobs;

  Plan(int schedulingRank, int maxConcurrentJobs, int maxUnfinishedJobs) {
    this.schedulingRank = schedulingRank;
    this.maxConcurrentJobs = maxConcurrentJobs;
    this.maxUnfinishedJobs = maxUnfinishedJobs;
  }

  public int schedulingRank() {
    return schedulingRank;
  }

  public int maxConcurrentJobs() {
    return maxConcurrentJobs;
  }

  /** Queued plus running jobs a tenant may have before submissions are refused with 429. */
  public int maxUnfinishedJobs() {
    return maxUnfinishedJobs;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Plan> ofSchedulingRank(int rank) {
    for (Plan plan : values()) {
      if (plan.schedulingRank == rank) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }

  public static Optional<Plan> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Plan plan : values()) {
      if (plan.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }
}
