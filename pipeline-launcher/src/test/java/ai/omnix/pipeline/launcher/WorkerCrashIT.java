package ai.omnix.pipeline.launcher;

import static ai.omnix.pipeline.launcher.PipelineTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two worker JVMs on one database; one is killed with SIGKILL while it runs jobs. Every job still
 * ends succeeded, and each job's side effect exists exactly once.
 */
class WorkerCrashIT {
  private static final int JOBS = 6;

  @Test
  void everyJobOfAKilledWorkerEndsSucceededExactlyOnceInEffect() throws Exception {
    String url = SharedPostgres.newDatabase("crash");
    try (WorkerProcess first = WorkerProcess.start("worker", url, "crash-a");
        WorkerProcess second = WorkerProcess.start("worker", url, "crash-b")) {
      DirectStore store = DirectStore.on(url);
      JdbcClient jdbc = store.jdbc();
      JdbcJobStore jobs = store.jobs();
      Tenant tenant = store.anEnterpriseTenant("crash-tenant");

      List<JobId> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        ids.add(
            jobs.insert(
                    new NewJob(
                        JobId.random(),
                        tenant,
                        new JobSubmission(
                            "noop", JobInput.none(), Map.of("sleep_ms", 8_000), null, Map.of(), 0),
                        QueueClass.LIGHT,
                        3,
                        0,
                        null,
                        null))
                .job()
                .id());
      }

      String victimName = ":" + first.pid();
      List<UUID> victimJobs =
          await(
              Duration.ofSeconds(60),
              () ->
                  jdbc.sql("select id from jobs where status = 'running' and worker like ?")
                      .param("%" + victimName)
                      .query(UUID.class)
                      .list(),
              running -> running.size() >= 1,
              "worker A to run jobs");
      first.kill();

      await(
          Duration.ofSeconds(150),
          () ->
              jdbc.sql("select count(*) from jobs where status = 'succeeded'")
                  .query(Integer.class)
                  .single(),
          n -> n == JOBS,
          "all jobs to succeed after the kill (see " + second.log() + ")");

      Map<String, Object> counts =
          jdbc.sql(
                  """
          select count(*) as effects, count(distinct job_id) as jobs_with_effect from job_effects
          where effect_key = 'completed'""")
              .query()
              .singleRow();
      assertThat(((Number) counts.get("effects")).intValue())
          .as("one side effect per job")
          .isEqualTo(JOBS);
      assertThat(((Number) counts.get("jobs_with_effect")).intValue()).isEqualTo(JOBS);
      for (UUID victimJob : victimJobs) {
        Map<String, Object> job =
            jdbc.sql("select attempts, worker, status from jobs where id = ?")
                .param(victimJob)
                .query()
                .singleRow();
        assertThat(job.get("status")).isEqualTo("succeeded");
        assertThat((Integer) job.get("attempts"))
            .as("re-run after the kill")
            .isGreaterThanOrEqualTo(2);
        assertThat((String) job.get("worker"))
            .as("finished by the survivor")
            .endsWith(":" + second.pid());
      }
      assertThat(
              jdbc.sql("select count(*) from jobs where status <> 'succeeded'")
                  .query(Integer.class)
                  .single())
          .isZero();
    }
  }
}
