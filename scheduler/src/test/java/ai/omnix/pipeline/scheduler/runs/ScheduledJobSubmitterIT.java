package ai.omnix.pipeline.scheduler.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.job.JobRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScheduledJobSubmitterIT {
  private static final Instant THREE_AM = Instant.parse("2026-03-20T03:00:00Z");

  private final StoreFixture store = new StoreFixture();
  private final ScheduledJobSubmitter submitter =
      new ScheduledJobSubmitter(
          store.jobs,
          store.tenants,
          new JobTypeRegistry(List.of(new NightlyType()), List.of(new NightlyHandler())));

  @Test
  void aFireBecomesAnOrdinaryJobOfTheAdminTenant() {
    store.tenants.create(ScheduledJobSubmitter.ADMIN, "Admin", Plan.ENTERPRISE);

    JobRecord job =
        submitter.submit("nightly", "nightly-check", Map.of("depth", 2), THREE_AM).orElseThrow();

    JobRecord stored = store.jobs.findById(job.id()).orElseThrow();
    assertThat(stored.tenantId().value()).isEqualTo("admin");
    assertThat(stored.type()).isEqualTo("nightly-check");
    assertThat(stored.status().wireName()).isEqualTo("queued");
    assertThat(stored.params()).containsEntry("depth", 2);
    assertThat(stored.metadata())
        .containsEntry("schedule", "nightly")
        .containsEntry("scheduled_for", "2026-03-20T03:00:00Z");
  }

  @Test
  void aClusteredDoubleFireOfOneFireTimeSubmitsOnceAndTheNextFireTimeAgain() throws Exception {
    store.tenants.create(ScheduledJobSubmitter.ADMIN, "Admin", Plan.ENTERPRISE);
    ExecutorService schedulers = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<JobRecord>>> fires = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      fires.add(
          schedulers.submit(
              () -> {
                start.await();
                return submitter.submit("nightly", "nightly-check", Map.of(), THREE_AM);
              }));
    }
    start.countDown();
    Set<Object> ids = new java.util.HashSet<>();
    for (Future<Optional<JobRecord>> fire : fires) {
      ids.add(fire.get(30, TimeUnit.SECONDS).orElseThrow().id());
    }
    schedulers.shutdown();

    assertThat(ids).hasSize(1);
    JobRecord tomorrow =
        submitter
            .submit("nightly", "nightly-check", Map.of(), THREE_AM.plusSeconds(86_400))
            .orElseThrow();
    assertThat(ids).doesNotContain(tomorrow.id());
    assertThat(
            store
                .jdbc
                .sql("select count(*) from jobs where type = 'nightly-check'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void withoutAnAdminTenantNothingIsSubmittedAndABadScheduleIsRefused() {
    assertThat(submitter.submit("nightly", "nightly-check", Map.of(), THREE_AM)).isEmpty();
    assertThatThrownBy(() -> submitter.submit("nightly", "no-such-type", Map.of(), THREE_AM))
        .hasMessageContaining("no-such-type");
    store.tenants.create(ScheduledJobSubmitter.ADMIN, "Admin", Plan.ENTERPRISE);
    assertThatThrownBy(
            () -> submitter.submit("nightly", "nightly-check", Map.of("depth", 99), THREE_AM))
        .hasMessageContaining("depth");
  }

  private static final class NightlyType implements JobType {
    @Override
    public String name() {
      return "nightly-check";
    }

    @Override
    public String description() {
      return "test";
    }

    @Override
    public QueueClass queueClass() {
      return QueueClass.IO_BOUND;
    }

    @Override
    public ParamsSchema paramsSchema() {
      return ParamsSchema.of(ParamSpec.integer("depth", 1, 5, false, "test"));
    }

    @Override
    public Set<JobInput.Kind> acceptedInputs() {
      return Set.of(JobInput.Kind.NONE);
    }

    @Override
    public long estimateCredits(JobSubmission submission) {
      return 0;
    }
  }

  private static final class NightlyHandler implements JobHandler {
    @Override
    public String type() {
      return "nightly-check";
    }

    @Override
    public JobResult handle(JobExecution execution) {
      return JobResult.of(Map.of());
    }
  }
}
