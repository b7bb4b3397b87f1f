package ai.omnix.pipeline.api.operations;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.store.job.JobOverview;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view across tenants (admin keys only): backlog by queue class with the age of its
 * oldest job, the busiest tenants, last hour's outcomes and webhook deliveries waiting or given up.
 * The JobRunr dashboard shows the runs; this shows the queue that the fair dispatcher has not
 * handed to JobRunr yet.
 */
@RestController
public class OperatorController {
  private final JobOverview jobs;

  public OperatorController(JobOverview jobs) {
    this.jobs = jobs;
  }

  @GetMapping(path = "/v1/admin/overview", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> overview(HttpServletRequest request) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may see the operator view.");
    }
    return jobs.overview(20);
  }
}
