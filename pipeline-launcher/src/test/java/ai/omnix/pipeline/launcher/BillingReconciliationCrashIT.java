package ai.omnix.pipeline.launcher;

import static ai.omnix.pipeline.launcher.PipelineTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The billing-reconciliation job runs a chunk-oriented Spring Batch job inside a pipeline job. A
 * worker JVM is killed with SIGKILL while the batch is half way; the re-run on another worker
 * recovers the execution the dead worker left STARTED, resumes from the last committed chunk, and
 * writes the same report as an uninterrupted run over the same data.
 */
class BillingReconciliationCrashIT {
  private static final int TENANTS = 3_000;

  @Test
  void aRunKilledMidBatchResumesFromItsLastChunkAndReportsTheSame() throws Exception {
    String url = SharedPostgres.newDatabase("reconcile");
    String blobs = Path.of("target", "worker-data", "reconcile-blobs").toAbsolutePath().toString();
    // the test reads receipts straight from disk, so the blobs stay plaintext here
    String[] args = {
      "--omnix.storage.local.root=" + blobs, "--omnix.storage.encryption.enabled=false"
    };
    DirectStore store;
    UUID crashed;
    try (WorkerProcess first = WorkerProcess.start("worker", url, "reconcile-a", args)) {
      store = DirectStore.on(url);
      Tenant admin = store.anEnterpriseTenant("admin");
      seed(store.jdbc());
      crashed = submit(store, admin);

      await(
          Duration.ofSeconds(90),
          () -> committedChunks(store.jdbc(), crashed),
          chunks -> chunks >= 3,
          "the first worker to commit a few chunks");
      first.kill();
    }
    long total =
        store.jdbc().sql("select count(*) from credit_balances").query(Long.class).single();
    assertThat(
            store
                .jdbc()
                .sql("select status from jobs where id = ?")
                .param(crashed)
                .query(String.class)
                .single())
        .as("killed mid-run")
        .isEqualTo("running");

    try (WorkerProcess second = WorkerProcess.start("worker", url, "reconcile-b", args)) {
      awaitSucceeded(store.jdbc(), crashed, second);

      List<Map<String, Object>> executions =
          store
              .jdbc()
              .sql(
                  """
              select e.job_execution_id, e.status, s.read_count, s.commit_count
              from batch_job_execution e
              join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                and p.parameter_name = 'pipeline.job_id' and p.parameter_value = ?
              join batch_step_execution s on s.job_execution_id = e.job_execution_id and s.step_name = 'balances'
              order by e.job_execution_id""")
              .param(crashed.toString())
              .query()
              .listOfRows();
      assertThat(executions).hasSize(2);
      assertThat(executions.get(0).get("status"))
          .as("the dead worker's execution, recovered")
          .isEqualTo("FAILED");
      assertThat(executions.get(1).get("status")).isEqualTo("COMPLETED");
      long readBefore = ((Number) executions.get(0).get("read_count")).longValue();
      long readAfter = ((Number) executions.get(1).get("read_count")).longValue();
      assertThat(readBefore).as("chunks committed before the kill").isPositive();
      assertThat(readBefore + readAfter)
          .as("the re-run resumed after the last committed chunk instead of starting over")
          .isEqualTo(total);

      Map<String, Object> result = result(store.jdbc(), crashed);
      assertThat(result.get("summary")).asString().contains("discrepancies=5");
      @SuppressWarnings("unchecked")
      Map<String, Object> summary = (Map<String, Object>) result.get("summary");
      assertThat(summary).containsEntry("discrepancies", 5).containsEntry("resumed", true);

      // the same data checked again without a crash gives the same report
      UUID clean =
          submit(
              store,
              store
                  .tenants()
                  .find(new ai.omnix.pipeline.core.tenant.TenantId("admin"))
                  .orElseThrow());
      awaitSucceeded(store.jdbc(), clean, second);
      assertThat(sha256(store.jdbc(), crashed, "reconciliation.csv"))
          .isEqualTo(sha256(store.jdbc(), clean, "reconciliation.csv"));
      Map<String, Object> crashedReport =
          Json.readMap(Files.readString(file(store.jdbc(), blobs, crashed)));
      Map<String, Object> cleanReport =
          Json.readMap(Files.readString(file(store.jdbc(), blobs, clean)));
      assertThat(crashedReport.get("findings")).isEqualTo(cleanReport.get("findings"));
      assertThat(crashedReport.get("checks")).isEqualTo(cleanReport.get("checks"));
      assertThat(crashedReport.get("checks").toString())
          .contains("balance_matches_entries={checked=" + total + ", discrepancies=3}")
          .contains("stale_reservation={checked=2, discrepancies=2}");
    }
  }

  /**
   * Tenants with consistent books (a grant each), three whose stored balance was tampered with, two
   * with a hold left open ten days ago, one with a fresh hold that is fine.
   */
  private static void seed(JdbcClient jdbc) {
    jdbc.sql(
            """
        insert into tenants (id, name, plan, webhook_secret, created_at)
        select 'r-' || lpad(i::text, 5, '0'), 'R', 'pro', 'whsec_x', now() from generate_series(1, :n) i""")
        .param("n", TENANTS)
        .update();
    jdbc.sql(
            """
        insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
        select id, 'welcome', 'grant', 10000, 10000, now() from tenants where id like 'r-%'""")
        .update();
    jdbc.sql(
            """
        insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
          amount_millis, created_at)
        select id, 'welcome#grant', 'welcome', 'grant', 'promotional_grants', 'available', 10000, now()
        from tenants where id like 'r-%'""")
        .update();
    jdbc.sql(
            """
        insert into credit_balances (tenant_id, available_millis, reserved_millis, updated_at)
        select id, 10000, 0, now() from tenants where id like 'r-%'""")
        .update();
    jdbc.sql(
            "update credit_balances set available_millis = available_millis + 1 "
                + "where tenant_id in ('r-00017', 'r-01500', 'r-02999')")
        .update();
    for (String[] hold :
        List.of(
            new String[] {"r-00100", "job:old-1", "10 days"},
            new String[] {"r-02000", "job:old-2", "10 days"},
            new String[] {"r-00500", "job:fresh", "1 minute"})) {
      jdbc.sql(
              """
          insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
          values (?, 'hold/' || ? || '/reserve', 'reserve', 2500, 2500, now())""")
          .params(hold[0], hold[1])
          .update();
      jdbc.sql(
              """
          insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
            amount_millis, hold_key, created_at)
          values (?, 'hold/' || ? || '/reserve#reserve', 'hold/' || ? || '/reserve', 'reserve', 'available',
            'reserved', 2500, ?, now())""")
          .params(hold[0], hold[1], hold[1], hold[1])
          .update();
      jdbc.sql(
              """
          insert into credit_holds (tenant_id, hold_key, amount_millis, status, created_at)
          values (?, ?, 2500, 'open', now() - ?::interval)""")
          .params(hold[0], hold[1], hold[2])
          .update();
      jdbc.sql(
              "update credit_balances set available_millis = available_millis - 2500, "
                  + "reserved_millis = reserved_millis + 2500 where tenant_id = ?")
          .param(hold[0])
          .update();
    }
  }

  private static UUID submit(DirectStore store, Tenant admin) {
    return store
        .jobs()
        .insert(
            new NewJob(
                JobId.random(),
                admin,
                new JobSubmission(
                    "billing-reconciliation",
                    JobInput.none(),
                    Map.of("chunk_size", 50, "pause_ms", 150),
                    null,
                    Map.of(),
                    0),
                QueueClass.IO_BOUND,
                5,
                0,
                null,
                null))
        .job()
        .id()
        .value();
  }

  private static long committedChunks(JdbcClient jdbc, UUID job) {
    return jdbc.sql(
            """
        select coalesce(max(s.commit_count), 0) from batch_step_execution s
        join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
        where p.parameter_name = 'pipeline.job_id' and p.parameter_value = ? and s.step_name = 'balances'""")
        .param(job.toString())
        .query(Long.class)
        .single();
  }

  private static void awaitSucceeded(JdbcClient jdbc, UUID job, WorkerProcess worker) {
    await(
        Duration.ofSeconds(180),
        () ->
            jdbc.sql("select status from jobs where id = ?")
                .param(job)
                .query(String.class)
                .single(),
        status -> status.equals("succeeded") || status.equals("failed"),
        "reconciliation " + job + " to finish (see " + worker.log() + ")");
    assertThat(
            jdbc.sql("select status from jobs where id = ?")
                .param(job)
                .query(String.class)
                .single())
        .as("see " + worker.log())
        .isEqualTo("succeeded");
  }

  private static Map<String, Object> result(JdbcClient jdbc, UUID job) {
    return Json.readMap(
        jdbc.sql("select result::text from jobs where id = ?")
            .param(job)
            .query(String.class)
            .single());
  }

  private static String sha256(JdbcClient jdbc, UUID job, String name) {
    return jdbc.sql("select sha256 from assets where derived_by_job_id = ? and filename = ?")
        .params(job, name)
        .query(String.class)
        .single();
  }

  private static Path file(JdbcClient jdbc, String root, UUID job) {
    String key =
        jdbc.sql(
                "select blob_key from assets where derived_by_job_id = ? and filename = 'reconciliation.json'")
            .param(job)
            .query(String.class)
            .single();
    return Path.of(root).resolve(key);
  }
}
