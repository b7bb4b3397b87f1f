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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The invoicing job's Spring Batch run is killed with SIGKILL (the worker JVM) after a few
 * committed chunks; the re-run on another worker resumes after the last committed chunk, and the
 * month ends with exactly one invoice per active tenant, each with its lines once, totals equal to
 * the ledger. The same harness as {@link BillingReconciliationCrashIT}.
 */
class InvoicingCrashIT {
  private static final int TENANTS = 300;

  @Test
  void aRunKilledMidBatchResumesFromItsLastChunkAndWritesEachInvoiceOnce() throws Exception {
    String url = SharedPostgres.newDatabase("invoicing-crash");
    String blobs = Path.of("target", "worker-data", "invoicing-blobs").toAbsolutePath().toString();
    String[] args = {"--omnix.storage.local.root=" + blobs};
    DirectStore store;
    UUID crashed;
    try (WorkerProcess first = WorkerProcess.start("worker", url, "invoicing-a", args)) {
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
    JdbcClient jdbc = store.jdbc();
    long writtenBeforeTheKill = invoices(jdbc);
    assertThat(writtenBeforeTheKill).as("drafts committed before the kill").isPositive();
    assertThat(writtenBeforeTheKill).as("killed mid-run").isLessThan(TENANTS);
    assertThat(
            jdbc.sql("select status from jobs where id = ?")
                .param(crashed)
                .query(String.class)
                .single())
        .isEqualTo("running");

    try (WorkerProcess second = WorkerProcess.start("worker", url, "invoicing-b", args)) {
      await(
          Duration.ofSeconds(240),
          () ->
              jdbc.sql("select status from jobs where id = ?")
                  .param(crashed)
                  .query(String.class)
                  .single(),
          status -> status.equals("succeeded") || status.equals("failed"),
          "invoicing " + crashed + " to finish (see " + second.log() + ")");
      assertThat(
              jdbc.sql("select status from jobs where id = ?")
                  .param(crashed)
                  .query(String.class)
                  .single())
          .as("see " + second.log())
          .isEqualTo("succeeded");
    }

    List<Map<String, Object>> executions =
        jdbc.sql(
                """
            select e.status, s.read_count from batch_job_execution e
            join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
              and p.parameter_name = 'pipeline.job_id' and p.parameter_value = ?
            join batch_step_execution s on s.job_execution_id = e.job_execution_id and s.step_name = 'tenants'
            order by e.job_execution_id""")
            .param(crashed.toString())
            .query()
            .listOfRows();
    assertThat(executions).extracting(e -> e.get("status")).containsExactly("FAILED", "COMPLETED");
    long readBefore = ((Number) executions.get(0).get("read_count")).longValue();
    long readAfter = ((Number) executions.get(1).get("read_count")).longValue();
    assertThat(readBefore).isPositive();
    assertThat(readBefore + readAfter)
        .as("the re-run resumed after the last committed chunk instead of starting over")
        .isEqualTo(TENANTS);

    // one invoice per tenant, each line once, totals equal to the ledger's month
    assertThat(invoices(jdbc)).isEqualTo(TENANTS);
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from invoice_lines l join invoices i on i.id = l.invoice_id
                    where i.period = '2026-01'""")
                .query(Long.class)
                .single())
        .isEqualTo(2L * TENANTS);
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from invoices i where i.period = '2026-01' and (
                      i.purchased_millis <> (select coalesce(sum(amount_millis), 0) from ledger_entries e
                        where e.tenant_id = i.tenant_id and e.kind = 'purchase'
                          and e.created_at >= i.period_start and e.created_at < i.period_end)
                      or i.granted_millis <> (select coalesce(sum(amount_millis), 0) from ledger_entries e
                        where e.tenant_id = i.tenant_id and e.kind = 'grant'
                          and e.created_at >= i.period_start and e.created_at < i.period_end)
                      or i.total_usd_cents <> 1000)""")
                .query(Long.class)
                .single())
        .isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> summary =
        (Map<String, Object>)
            Json.readMap(
                    jdbc.sql("select result::text from jobs where id = ?")
                        .param(crashed)
                        .query(String.class)
                        .single())
                .get("summary");
    assertThat(summary)
        .containsEntry("invoices", TENANTS)
        .containsEntry("resumed", true)
        .containsEntry("total_usd", "3000.00");
  }

  /** Tenants that each bought a $10 package (100 credits) and got a support grant in January. */
  private static void seed(JdbcClient jdbc) {
    jdbc.sql(
            """
        insert into tenants (id, name, plan, webhook_secret, created_at)
        select 'i-' || lpad(i::text, 5, '0'), 'I', 'pro', 'whsec_x', now() from generate_series(1, :n) i""")
        .param("n", TENANTS)
        .update();
    for (String[] op :
        List.of(
            new String[] {"purchase", "purchases", "100000"},
            new String[] {"grant", "promotional_grants", "2500"})) {
      jdbc.sql(
              """
          insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
          select id, :kind, :kind, :amount, :amount, '2026-01-10T10:00:00Z'::timestamptz
          from tenants where id like 'i-%'""")
          .param("kind", op[0])
          .param("amount", Long.parseLong(op[2]))
          .update();
      jdbc.sql(
              """
          insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
            amount_millis, created_at)
          select id, :kind || '#1', :kind, :kind, :debit, 'available', :amount, '2026-01-10T10:00:00Z'::timestamptz
          from tenants where id like 'i-%'""")
          .param("kind", op[0])
          .param("debit", op[1])
          .param("amount", Long.parseLong(op[2]))
          .update();
    }
    jdbc.sql(
            """
        insert into credit_balances (tenant_id, available_millis, reserved_millis, updated_at)
        select id, 102500, 0, now() from tenants where id like 'i-%'""")
        .update();
  }

  private static UUID submit(DirectStore store, Tenant admin) {
    return store
        .jobs()
        .insert(
            new NewJob(
                JobId.random(),
                admin,
                new JobSubmission(
                    "invoicing",
                    JobInput.none(),
                    Map.of("period", "2026-01", "chunk_size", 10, "pause_ms", 150),
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
        where p.parameter_name = 'pipeline.job_id' and p.parameter_value = ? and s.step_name = 'tenants'""")
        .param(job.toString())
        .query(Long.class)
        .single();
  }

  private static long invoices(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from invoices where period = '2026-01'")
        .query(Long.class)
        .single();
  }
}
