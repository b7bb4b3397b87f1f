package ai.omnix.pipeline.store.job;

import java.util.Map;

/** What an operator on call looks at first, across all tenants (the operator API). */
public interface JobOverview {

  /**
   * The backlog by class and status, its age, the {@code topTenants} tenants holding most of it,
   * the last hour's endings, webhook deliveries and provider attempts; as the operator endpoint
   * shows it.
   */
  Map<String, Object> overview(int topTenants);
}
