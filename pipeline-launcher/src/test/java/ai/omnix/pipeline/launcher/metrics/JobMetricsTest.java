package ai.omnix.pipeline.launcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.tenant.TenantId;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobMetricsTest {
  private static final List<String> PLANS = List.of("free", "student", "pro", "team", "enterprise");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static void workload(JobMetrics metrics, int tenants) {
    for (int i = 0; i < tenants; i++) {
      TenantId tenant = new TenantId("tenant-" + i);
      for (String type : List.of("noop", "transcode")) {
        JobId id = JobId.random();
        metrics.jobAccepted(new AcceptedJob(id, tenant, type, 0, null, T0));
        metrics.jobEnded(ended(id, tenant, type, JobStatus.SUCCEEDED, null));
        JobId failed = JobId.random();
        metrics.jobAccepted(new AcceptedJob(failed, tenant, type, 0, null, T0));
        metrics.jobEnded(
            ended(
                failed, tenant, type, JobStatus.FAILED, new JobFailure("noop_failed", "x", false)));
      }
    }
  }

  private static EndedJob ended(
      JobId id, TenantId tenant, String type, JobStatus status, JobFailure failure) {
    return new EndedJob(
        id, tenant, type, status, failure, List.of(), 0, null, null, 1, T0, T0.plusSeconds(3));
  }

  private static Set<String> series(SimpleMeterRegistry registry) {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .map(id -> id.getName() + id.getTags())
        .collect(Collectors.toSet());
  }

  private static JobMetrics metrics(SimpleMeterRegistry registry) {
    return new JobMetrics(
        registry, tenant -> PLANS.get(Math.abs(tenant.value().hashCode()) % PLANS.size()));
  }

  @Test
  void aThousandTenantsMakeNoMoreSeriesThanTheirPlansDo() {
    SimpleMeterRegistry few = new SimpleMeterRegistry();
    workload(metrics(few), 50);
    SimpleMeterRegistry many = new SimpleMeterRegistry();
    workload(metrics(many), 1_000);

    assertThat(series(many)).isEqualTo(series(few));
    // 2 types x 5 plans x (submitted, succeeded, failed)
    assertThat(series(many).stream().filter(s -> s.startsWith("omnix.jobs."))).hasSize(2 * 5 * 3);
    assertThat(many.find("omnix.job.duration").timers()).hasSize(2);
    assertThat(many.getMeters())
        .allSatisfy(
            m ->
                assertThat(m.getId().getTags())
                    .allSatisfy(
                        t ->
                            assertThat(t.getKey())
                                .isIn("type", "plan", "status", "error_code", "le")));
    assertThat(
            many.get("omnix.jobs.finished").tag("status", "failed").counters().stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(2_000);
  }

  @Test
  void anUnboundedErrorCodeOrTypeBecomesOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JobMetrics metrics = new JobMetrics(registry, tenant -> "pro");
    for (int i = 0; i < 1_000; i++) {
      metrics.jobEnded(
          ended(
              JobId.random(),
              new TenantId("tenant-a"),
              "noop",
              JobStatus.FAILED,
              new JobFailure("provider_said_" + i, "x", false)));
      metrics.jobEnded(
          ended(
              JobId.random(),
              new TenantId("tenant-a"),
              "Type With Spaces " + i,
              JobStatus.SUCCEEDED,
              null));
    }
    Set<String> codes =
        registry.get("omnix.jobs.finished").counters().stream()
            .map(c -> c.getId().getTag("error_code"))
            .collect(Collectors.toSet());
    // at most 200 codes, then "other"; "none" for the successes
    assertThat(codes).hasSize(202).contains("other", "none");
    assertThat(
            registry.get("omnix.jobs.finished").tag("status", "succeeded").counters().stream()
                .map(c -> c.getId().getTag("type"))
                .collect(Collectors.toSet()))
        .containsExactly("other");
  }
}
