package ai.omnix.pipeline.billing.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.batch.PipelineBatchRunner;
import ai.omnix.pipeline.billing.BillingFixture;
import ai.omnix.pipeline.billing.audit.AuditLogBillingAudit;
import ai.omnix.pipeline.billing.escrow.JobEscrow;
import ai.omnix.pipeline.billing.plan.ChargeGate;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.StandardJobHooks;
import ai.omnix.pipeline.store.audit.JdbcAuditLog;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The reconciliation on a real Spring Batch repository, real jobs with real escrow on PostgreSQL:
 * clean books give no finding in any check, and each kind of discrepancy, injected the way it could
 * happen, is found by its check and only by it. Each test has a database of its own, since the run
 * checks all of it.
 */
class ReconciliationIT {
  // a transcode estimated at 100 (USD 0.10 of cost) is sold at 1.5 credits; 40 used → 0.6
  private static final long TRANSCODE_ESTIMATE = 100;

  private final BillingFixture db = new BillingFixture();
  private final DataSourceTransactionManager tx = new DataSourceTransactionManager(db.dataSource);
  private final JdbcAuditLog auditLog = new JdbcAuditLog(db.jdbc, db.tx, db.clock);
  private final JobEscrow escrow =
      new JobEscrow(
          new ChargeGate(db.allowances, db.ledger, db.clock),
          db.ledger,
          db.allowances,
          new TenantBilling(db.jdbc, db.clock),
          db.jdbc);
  private final JdbcJobStore jobs = repository(List.of(escrow));
  // ends jobs without the escrow's end hook: what a lost settlement looks like
  private final JdbcJobStore withoutSettlement = repository(List.of());

  @TempDir Path dir;

  private JdbcJobStore repository(List<ai.omnix.pipeline.core.job.hook.JobEndHook> endHooks) {
    return StandardJobHooks.repository(
        db.jdbc,
        db.tx,
        new WebhookRepository(db.jdbc, db.clock),
        db.clock,
        List.of(escrow),
        endHooks);
  }

  private Tenant aTenant() {
    Tenant tenant =
        db.tenants.create(
            new TenantId("rec-" + UUID.randomUUID().toString().substring(0, 8)), "T", Plan.PRO);
    db.ledger.purchase(tenant.id(), "pi_" + tenant.id().value(), Credits.of(100), "pi");
    return tenant;
  }

  private JobRecord aTranscode(JdbcJobStore store, Tenant tenant) {
    return store
        .insert(
            new NewJob(
                JobId.random(),
                tenant,
                new JobSubmission(
                    "transcode", JobInput.asset("ast_src"), Map.of(), null, Map.of(), 0),
                QueueClass.HEAVY,
                3,
                TRANSCODE_ESTIMATE,
                null,
                null,
                List.of()))
        .job();
  }

  private UUID running(JdbcJobStore store, JobRecord job) {
    UUID run = UUID.randomUUID();
    assertThat(store.markDispatched(job.id(), run)).isTrue();
    store.claim(job.id(), run, "w1").orElseThrow();
    return run;
  }

  private void succeed(JdbcJobStore store, JobRecord job, Long actual) {
    store.succeed(job.id(), running(store, job), new JobResult(List.of(), Map.of(), actual));
  }

  private void fail(JdbcJobStore store, JobRecord job) {
    store.fail(job.id(), running(store, job), new JobFailure("transcode_failed", "bad", false));
  }

  /** Books that add up: jobs succeeded (with and without a reported use), failed and canceled. */
  private Tenant cleanBooks() {
    Tenant tenant = aTenant();
    succeed(jobs, aTranscode(jobs, tenant), 40L);
    succeed(jobs, aTranscode(jobs, tenant), null);
    fail(jobs, aTranscode(jobs, tenant));
    JobRecord canceled = aTranscode(jobs, tenant);
    jobs.requestCancel(tenant.id(), canceled.id());
    return tenant;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> reconcile(boolean repair) throws Exception {
    db.clock.set(db.clock.instant().plus(Duration.ofMinutes(1)));
    TempDirJobAssets assets = new TempDirJobAssets(dir.resolve(UUID.randomUUID().toString()));
    TempDirJobExecution execution =
        new TempDirJobExecution(
            "billing-reconciliation", null, Map.of("chunk_size", 10, "repair", repair), assets);
    // the findings belong to a pipeline job
    Tenant admin =
        db.tenants
            .find(new TenantId("admin"))
            .orElseGet(() -> db.tenants.create(new TenantId("admin"), "Admin", Plan.ENTERPRISE));
    jobs.insert(
        new NewJob(
            execution.jobId(),
            admin,
            new JobSubmission(
                "billing-reconciliation", JobInput.none(), Map.of(), null, Map.of(), 0),
            QueueClass.IO_BOUND,
            5,
            0,
            null,
            null));
    ReconciliationJobHandler handler =
        new ReconciliationJobHandler(
            new PipelineBatchRunner(operator(), batchRepository(), tx),
            db.dataSource,
            Duration.ofDays(1),
            db.clock,
            db.ledger,
            new AuditLogBillingAudit(auditLog));
    JobResult result = handler.handle(execution);
    Map<String, Object> report =
        Json.readMap(Files.readString(assets.outputs().get("reconciliation.json").file()));
    return Map.of("summary", result.summary(), "report", report);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> findings(Map<String, Object> run) {
    return (List<Map<String, Object>>) ((Map<String, Object>) run.get("report")).get("findings");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> check(Map<String, Object> run, String check) {
    return (Map<String, Object>)
        ((Map<String, Object>) ((Map<String, Object>) run.get("summary")).get("checks")).get(check);
  }

  @Test
  void cleanBooksHaveNoDiscrepancyInAnyCheck() throws Exception {
    // more jobs than a chunk (10): the checks page through them
    for (int i = 0; i < 6; i++) {
      cleanBooks();
    }

    Map<String, Object> run = reconcile(false);

    assertThat(findings(run)).isEmpty();
    assertThat((Map<String, Object>) run.get("summary")).containsEntry("discrepancies", 0);
    assertThat(check(run, Finding.BALANCE_MATCHES_ENTRIES))
        .containsEntry("discrepancies", 0L)
        .containsEntry("checked", 6L);
    assertThat(check(run, Finding.STALE_RESERVATION)).containsEntry("discrepancies", 0L);
    assertThat(check(run, Finding.RESERVATION_RELEASED))
        .containsEntry("checked", 12L)
        .containsEntry("discrepancies", 0L);
    assertThat(check(run, Finding.SETTLEMENT_MATCHES_ACTUAL))
        .containsEntry("checked", 12L)
        .containsEntry("discrepancies", 0L);
  }

  @Test
  void aFailedJobWhoseReservationWasNeverReleasedIsFound() throws Exception {
    cleanBooks();
    Tenant tenant = aTenant();
    JobRecord lost = aTranscode(withoutSettlement, tenant);
    fail(withoutSettlement, lost);

    Map<String, Object> run = reconcile(false);

    assertThat(findings(run))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("check", Finding.RESERVATION_RELEASED)
                    .containsEntry("subject", lost.id().value().toString())
                    .containsEntry("tenant", tenant.id().value())
                    .containsEntry("actual_credits", "1.500"));
  }

  @Test
  void aSucceededJobNeverSettledIsFound() throws Exception {
    cleanBooks();
    Tenant tenant = aTenant();
    JobRecord unbilled = aTranscode(withoutSettlement, tenant);
    succeed(withoutSettlement, unbilled, 40L);

    Map<String, Object> run = reconcile(false);

    assertThat(findings(run))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("check", Finding.SETTLEMENT_MATCHES_ACTUAL)
                    .containsEntry("subject", unbilled.id().value().toString())
                    .containsEntry("expected_credits", "0.600")
                    .containsEntry("actual_credits", "0.000"));
  }

  @Test
  void aSucceededJobSettledAtAnotherAmountThanItsActualIsFound() throws Exception {
    cleanBooks();
    Tenant tenant = aTenant();
    JobRecord job = aTranscode(withoutSettlement, tenant);
    succeed(withoutSettlement, job, 40L);
    // settled at the whole estimate instead of what it used
    db.ledger.settle(tenant.id(), JobEscrow.holdKey(job.id()), Credits.parse("1.5"));

    Map<String, Object> run = reconcile(false);

    assertThat(findings(run))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("check", Finding.SETTLEMENT_MATCHES_ACTUAL)
                    .containsEntry("expected_credits", "0.600")
                    .containsEntry("actual_credits", "1.500"));
  }

  @Test
  void aJobBilledTwiceIsFound() throws Exception {
    cleanBooks();
    Tenant tenant = aTenant();
    JobRecord job = aTranscode(jobs, tenant);
    succeed(jobs, job, 40L);
    // a second reservation and settlement under the same hold, the balance kept consistent
    String hold = JobEscrow.holdKey(job.id());
    for (String[] entry :
        new String[][] {{"reserve", "available", "reserved"}, {"settle", "reserved", "revenue"}}) {
      db.jdbc
          .sql(
              """
              insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, created_at)
              values (?, ?, ?, 600, 600, now())""")
          .params(tenant.id().value(), "twice/" + entry[0], entry[0])
          .update();
      db.jdbc
          .sql(
              """
              insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account,
                credit_account, amount_millis, hold_key, created_at)
              values (?, ?, ?, ?, ?, ?, 600, ?, now())""")
          .params(
              tenant.id().value(),
              "twice/" + entry[0] + "#1",
              "twice/" + entry[0],
              entry[0],
              entry[1],
              entry[2],
              hold)
          .update();
    }
    db.jdbc
        .sql(
            "update credit_balances set available_millis = available_millis - 600 where tenant_id = ?")
        .param(tenant.id().value())
        .update();

    Map<String, Object> run = reconcile(false);

    assertThat(findings(run))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("check", Finding.SETTLEMENT_MATCHES_ACTUAL)
                    .containsEntry("expected_credits", "0.600")
                    .containsEntry("actual_credits", "1.200")
                    .hasEntrySatisfying(
                        "detail", d -> assertThat(d.toString()).contains("found 2 of")));
  }

  @Test
  void aStoredBalanceThatIsNotTheSumOfItsEntriesIsFound() throws Exception {
    cleanBooks();
    Tenant tenant = cleanBooks();
    db.jdbc
        .sql(
            "update credit_balances set available_millis = available_millis + 1 where tenant_id = ?")
        .param(tenant.id().value())
        .update();

    Map<String, Object> run = reconcile(false);

    assertThat(findings(run))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("check", Finding.BALANCE_MATCHES_ENTRIES)
                    .containsEntry("subject", tenant.id().value()));
  }

  @Test
  void aStaleReservationIsReportedAndRepairReleasesItWithAnAuditEntry() throws Exception {
    cleanBooks();
    Tenant tenant = aTenant();
    Instant now = db.clock.instant();
    db.clock.set(now.minus(Duration.ofDays(10)));
    db.ledger.reserve(tenant.id(), "chat:lost-message", Credits.parse("2.5"), "msg_lost");
    db.clock.set(now);

    Map<String, Object> reported = reconcile(false);
    assertThat(findings(reported))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("check", Finding.STALE_RESERVATION)
                    .containsEntry("subject", tenant.id().value() + "/chat:lost-message")
                    .containsEntry("repaired", false));
    assertThat(db.ledger.hold(tenant.id(), "chat:lost-message").orElseThrow().status())
        .isEqualTo(Hold.Status.OPEN);

    Map<String, Object> repaired = reconcile(true);
    assertThat(findings(repaired))
        .singleElement()
        .satisfies(f -> assertThat(f).containsEntry("repaired", true));
    assertThat((Map<String, Object>) repaired.get("summary")).containsEntry("repaired", 1L);
    assertThat(db.ledger.hold(tenant.id(), "chat:lost-message").orElseThrow().status())
        .isEqualTo(Hold.Status.RELEASED);
    assertThat(db.ledger.balance(tenant.id()).available()).isEqualTo(Credits.of(100));
    assertThat(
            db.jdbc
                .sql(
                    """
                    select count(*) from audit_events where event_type = 'STALE_RESERVATION_RELEASED'
                      and tenant_id = ? and resource_id = 'chat:lost-message'""")
                .param(tenant.id().value())
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(auditLog.verify().valid()).isTrue();

    // released: the next run finds nothing, and the books still add up
    assertThat(findings(reconcile(true))).isEmpty();
  }

  private org.springframework.batch.core.repository.JobRepository batchRepository;

  private org.springframework.batch.core.repository.JobRepository batchRepository() {
    if (batchRepository == null) {
      try {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(db.dataSource);
        factory.setTransactionManager(tx);
        factory.afterPropertiesSet();
        batchRepository = factory.getObject();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return batchRepository;
  }

  private TaskExecutorJobOperator operator() throws Exception {
    TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    operator.setJobRepository(batchRepository());
    operator.setJobRegistry(new MapJobRegistry());
    operator.setTaskExecutor(new SyncTaskExecutor());
    operator.afterPropertiesSet();
    return operator;
  }
}
