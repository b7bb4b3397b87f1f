package ai.omnix.pipeline.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanLimitsAdmissionPolicyTest {
  private static Tenant aTenant(Plan plan) {
    return new Tenant(new TenantId("t-" + plan.wireName()), "T", plan, "whsec_x", Instant.EPOCH);
  }

  private static final JobSubmission NOOP =
      new JobSubmission("noop", null, Map.of(), null, Map.of(), 0);

  @Test
  void admitsBelowThePlansUnfinishedJobLimit() {
    var policy = new PlanLimitsAdmissionPolicy(t -> Plan.FREE.maxUnfinishedJobs() - 1);
    assertThat(policy.admit(aTenant(Plan.FREE), null, NOOP, 0).admitted()).isTrue();
  }

  @Test
  void refusesWith429AtTheLimit() {
    var policy = new PlanLimitsAdmissionPolicy(t -> Plan.FREE.maxUnfinishedJobs());
    AdmissionDecision decision = policy.admit(aTenant(Plan.FREE), null, NOOP, 0);
    assertThat(decision.admitted()).isFalse();
    assertThat(decision.httpStatus()).isEqualTo(429);
    assertThat(decision.code()).isEqualTo("plan_queue_limit");
  }

  @Test
  void higherPlansRankHigherAndRunMoreAtOnce() {
    Plan previous = null;
    for (Plan plan : Plan.values()) {
      if (previous != null) {
        assertThat(plan.schedulingRank()).isGreaterThan(previous.schedulingRank());
        assertThat(plan.maxConcurrentJobs()).isGreaterThanOrEqualTo(previous.maxConcurrentJobs());
      }
      previous = plan;
    }
  }
}
