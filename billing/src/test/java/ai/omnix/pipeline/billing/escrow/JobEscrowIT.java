package ai.omnix.pipeline.billing.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.billing.BillingFixture;
import ai.omnix.pipeline.billing.ledger.JdbcCreditLedger;
import ai.omnix.pipeline.billing.plan.ChargeGate;
import ai.omnix.pipeline.billing.plan.JdbcAllowanceCounters;
import ai.omnix.pipeline.billing.plan.TenantBilling;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.core.billing.plan.ModelTiers;
import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.hook.JobRefusedException;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.StandardJobHooks;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.JobQuery;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.testkit.SharedPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Escrow on every job through the real job store: the reservation is taken in the insert's
 * transaction and settled or released in the end's, on a real PostgreSQL.
 */
class JobEscrowIT {
  private static final BillingFixture DB = new BillingFixture();
  // a transcode estimated at 100 (USD 0.10 of cost) is sold at 1.5 credits
  private static final long TRANSCODE_ESTIMATE = 100;
  private static final Credits TRANSCODE_PRICE = Credits.parse("1.5");

  private final JobEscrow escrow = escrowOn(DB.jdbc, DB.tx, DB.ledger, DB.allowances);
  private final JdbcJobStore jobs = repositoryOn(DB.jdbc, DB.tx, escrow);

  private static JobEscrow escrowOn(
      JdbcClient jdbc,
      TransactionTemplate tx,
      JdbcCreditLedger ledger,
      JdbcAllowanceCounters allowances) {
    return new JobEscrow(
        new ChargeGate(allowances, ledger, DB.clock),
        ledger,
        allowances,
        new TenantBilling(jdbc, DB.clock),
        jdbc);
  }

  private static JdbcJobStore repositoryOn(
      JdbcClient jdbc, TransactionTemplate tx, JobEscrow escrow) {
    return StandardJobHooks.repository(
        jdbc,
        tx,
        new WebhookRepository(jdbc, DB.clock),
        DB.clock,
        List.of(escrow),
        List.of(escrow));
  }

  private static Tenant aTenant(Plan plan) {
    return DB.tenants.create(
        new TenantId("esc-" + UUID.randomUUID().toString().substring(0, 8)), "Tenant", plan);
  }

  private static NewJob aTranscode(Tenant tenant) {
    return aJob(tenant, "transcode", Map.of(), TRANSCODE_ESTIMATE, List.of());
  }

  private static NewJob aJob(
      Tenant tenant,
      String type,
      Map<String, Object> params,
      long estimate,
      List<Map<String, Object>> followUps) {
    return new NewJob(
        JobId.random(),
        tenant,
        new JobSubmission(type, JobInput.asset("ast_src"), params, null, Map.of(), 0),
        QueueClass.HEAVY,
        3,
        estimate,
        null,
        null,
        ai.omnix.pipeline.store.job.ResolvedFollowUp.allFromStored(followUps));
  }

  private UUID running(JobRecord job) {
    UUID run = UUID.randomUUID();
    assertThat(jobs.markDispatched(job.id(), run)).isTrue();
    jobs.claim(job.id(), run, "w1").orElseThrow();
    return run;
  }

  private static Hold hold(Tenant tenant, JobId id) {
    return DB.ledger.hold(tenant.id(), JobEscrow.holdKey(id)).orElseThrow();
  }

  private static Balance balance(Tenant tenant) {
    return DB.ledger.balance(tenant.id());
  }

  private static Balance balance(String available, String reserved) {
    return new Balance(Credits.parse(available), Credits.parse(reserved));
  }

  @Test
  void sixtyFourSubmissionsOverTwoProcessesGetExactlyTheJobsTheBalanceCovers() throws Exception {
    int threads = 64;
    int covered = 7;
    Tenant tenant = aTenant(Plan.PRO);
    DB.ledger.purchase(tenant.id(), "pi_race", TRANSCODE_PRICE.times(covered), "pi_race");
    try (HikariDataSource poolA = pool("api-a");
        HikariDataSource poolB = pool("api-b")) {
      List<JdbcJobStore> processes = List.of(process(poolA), process(poolB));
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> outcomes = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        JdbcJobStore api = processes.get(i % 2);
        outcomes.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    api.insert(aTranscode(tenant));
                    return 201;
                  } catch (JobRefusedException e) {
                    assertThat(e.code()).isEqualTo("insufficient_credits");
                    assertThat(e.details()).containsEntry("needed", "1.500");
                    return e.httpStatus();
                  }
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> outcome : outcomes) {
        statuses.add(outcome.get(120, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(covered);
      assertThat(statuses.stream().filter(s -> s == 402)).hasSize(threads - covered);
    }
    assertThat(balance(tenant)).isEqualTo(balance("0", "10.5"));
    assertThat(
            DB.jdbc
                .sql("select count(*) from jobs where tenant_id = ?")
                .param(tenant.id().value())
                .query(Integer.class)
                .single())
        .isEqualTo(covered);
    assertThat(
            DB.jdbc
                .sql("select count(*) from credit_holds where tenant_id = ? and status = 'open'")
                .param(tenant.id().value())
                .query(Integer.class)
                .single())
        .isEqualTo(covered);
  }

  @Test
  void aSuccessIsChargedWhatItUsedAndTheRestIsReleased() {
    Tenant tenant = aTenant(Plan.PRO);
    DB.ledger.purchase(tenant.id(), "pi_" + tenant.id().value(), Credits.of(10), "pi");
    JobRecord used = jobs.insert(aTranscode(tenant)).job();
    JobRecord silent = jobs.insert(aTranscode(tenant)).job();
    assertThat(balance(tenant)).isEqualTo(balance("7", "3"));
    assertThat(hold(tenant, used.id()).amount()).isEqualTo(TRANSCODE_PRICE);

    jobs.succeed(used.id(), running(used), new JobResult(List.of("ast_o"), Map.of(), 40L));
    jobs.succeed(silent.id(), running(silent), new JobResult(List.of("ast_p"), Map.of()));

    assertThat(hold(tenant, used.id()).status()).isEqualTo(Hold.Status.SETTLED);
    assertThat(hold(tenant, used.id()).charged()).isEqualTo(Credits.parse("0.6"));
    assertThat(hold(tenant, silent.id()).charged()).isEqualTo(TRANSCODE_PRICE);
    assertThat(balance(tenant)).isEqualTo(balance("7.9", "0"));
  }

  @Test
  void failureAndCancelReleaseTheWholeReservation() {
    Tenant tenant = aTenant(Plan.PRO);
    DB.ledger.purchase(tenant.id(), "pi_" + tenant.id().value(), Credits.of(10), "pi");
    JobRecord failed = jobs.insert(aTranscode(tenant)).job();
    JobRecord canceledQueued = jobs.insert(aTranscode(tenant)).job();
    JobRecord canceledRunning = jobs.insert(aTranscode(tenant)).job();

    jobs.fail(failed.id(), running(failed), new JobFailure("transcode_failed", "bad", false));
    jobs.requestCancel(tenant.id(), canceledQueued.id());
    UUID run = running(canceledRunning);
    jobs.requestCancel(tenant.id(), canceledRunning.id());
    jobs.markCanceled(canceledRunning.id(), run);

    for (JobRecord job : List.of(failed, canceledQueued, canceledRunning)) {
      assertThat(jobs.findById(job.id()).orElseThrow().status().isTerminal()).isTrue();
      assertThat(hold(tenant, job.id()).status()).isEqualTo(Hold.Status.RELEASED);
      assertThat(hold(tenant, job.id()).charged()).isEqualTo(Credits.ZERO);
    }
    assertThat(balance(tenant)).isEqualTo(balance("10", "0"));
  }

  @Test
  void aGenerationThatFailedAfterItsProviderDeliveredIsChargedWhatWasDelivered() {
    Tenant tenant = aTenant(Plan.PRO);
    DB.ledger.purchase(tenant.id(), "pi_" + tenant.id().value(), Credits.of(100), "pi");
    // the dearest route is estimated at 2000 (30 credits); the one that delivered costs 1000
    JobRecord video = jobs.insert(aJob(tenant, "generate-video", Map.of(), 2000, List.of())).job();
    assertThat(hold(tenant, video.id()).amount()).isEqualTo(Credits.of(30));
    UUID run = running(video);
    DB.jdbc
        .sql(
            """
            insert into provider_attempts (id, job_id, provider, model, outcome, estimated_credits,
              cost_credits, billed, started_at, finished_at)
            values (?, ?, 'fal', 'seedance', 'succeeded', 1000, 900, true, ?, ?)""")
        .params(
            UUID.randomUUID(),
            video.id().value(),
            Timestamp.from(DB.clock.instant()),
            Timestamp.from(DB.clock.instant()))
        .update();

    jobs.fail(video.id(), run, new JobFailure("output_store_failed", "disk full", false));

    assertThat(hold(tenant, video.id()).status()).isEqualTo(Hold.Status.SETTLED);
    assertThat(hold(tenant, video.id()).charged()).isEqualTo(Credits.of(15));
    assertThat(balance(tenant)).isEqualTo(balance("85", "0"));
  }

  @Test
  void aFollowUpReservesItsEstimateAndOneTheBalanceCannotCoverIsCreatedFailed() {
    Tenant tenant = aTenant(Plan.PRO);
    // the parent (1.5) and one follow-up (1.5): the second follow-up finds 0.5 left
    DB.ledger.purchase(tenant.id(), "pi_" + tenant.id().value(), Credits.parse("3.5"), "pi");
    Map<String, Object> thumbnail =
        Map.of(
            "type",
            "thumbnail",
            "params",
            Map.of(),
            "input",
            "output",
            "queue_class",
            "light",
            "max_attempts",
            3,
            "credits_estimated",
            TRANSCODE_ESTIMATE,
            "follow_ups",
            List.of());
    JobRecord parent =
        jobs.insert(
                aJob(
                    tenant,
                    "transcode",
                    Map.of(),
                    TRANSCODE_ESTIMATE,
                    List.of(thumbnail, thumbnail)))
            .job();
    jobs.succeed(parent.id(), running(parent), new JobResult(List.of("ast_out"), Map.of()));

    List<JobRecord> children =
        jobs.list(
            tenant.id(), new JobQuery(null, null, null, null, null, null, 10, parent.id().value()));
    assertThat(children).hasSize(2);
    JobRecord queued =
        children.stream().filter(c -> c.status() == JobStatus.QUEUED).findFirst().orElseThrow();
    JobRecord refused =
        children.stream().filter(c -> c.status() == JobStatus.FAILED).findFirst().orElseThrow();
    assertThat(hold(tenant, queued.id()).amount()).isEqualTo(TRANSCODE_PRICE);
    assertThat(hold(tenant, queued.id()).status()).isEqualTo(Hold.Status.OPEN);
    assertThat(refused.failure().code()).isEqualTo("insufficient_credits");
    assertThat(DB.ledger.hold(tenant.id(), JobEscrow.holdKey(refused.id()))).isEmpty();
    assertThat(balance(tenant)).isEqualTo(balance("0.5", "1.5"));
  }

  @Test
  void thePlansAllowanceIsUsedBeforeCreditsAndAFailureGivesItBack() {
    Tenant student = aTenant(Plan.STUDENT);
    DB.ledger.purchase(student.id(), "pi_" + student.id().value(), Credits.of(2), "pi");
    // ten images a month are included; each costs 1 credit beyond them
    List<JobRecord> included = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      included.add(jobs.insert(aJob(student, "generate-image", Map.of(), 42, List.of())).job());
    }
    assertThat(balance(student)).isEqualTo(balance("2", "0"));
    assertThat(DB.ledger.hold(student.id(), JobEscrow.holdKey(included.get(0).id()))).isEmpty();

    JobRecord paid = jobs.insert(aJob(student, "generate-image", Map.of(), 42, List.of())).job();
    assertThat(hold(student, paid.id()).amount()).isEqualTo(Credits.of(1));
    assertThat(balance(student)).isEqualTo(balance("1", "1"));

    // an included image that failed undelivered is given back: the next one is included again
    JobRecord first = included.get(0);
    jobs.fail(first.id(), running(first), new JobFailure("provider_failed", "down", true));
    JobRecord again = jobs.insert(aJob(student, "generate-image", Map.of(), 42, List.of())).job();
    assertThat(DB.ledger.hold(student.id(), JobEscrow.holdKey(again.id()))).isEmpty();
    assertThat(balance(student)).isEqualTo(balance("1", "1"));
  }

  @Test
  void aPlanWithoutTheFeatureIsRefusedWithThePlanThatHasItAndAnEmptyBalanceWith402() {
    Tenant free = aTenant(Plan.FREE);
    assertThatThrownBy(() -> jobs.insert(aJob(free, "generate-video", Map.of(), 2000, List.of())))
        .isInstanceOfSatisfying(
            JobRefusedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("plan_does_not_include");
              assertThat(e.details())
                  .containsEntry("plan", "free")
                  .containsEntry("included_in", "pro");
            });
    // even a model that costs nothing is refused by a plan without the feature
    assertThatThrownBy(() -> jobs.insert(aJob(free, "generate-video", Map.of(), 0, List.of())))
        .isInstanceOfSatisfying(
            JobRefusedException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
    assertThatThrownBy(() -> jobs.insert(aTranscode(free)))
        .isInstanceOfSatisfying(
            JobRefusedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(402);
              assertThat(e.details()).containsEntry("balance", "0.000");
              assertThat(e.details()).containsEntry("needed", "1.500");
            });
    assertThat(
            DB.jdbc
                .sql("select count(*) from jobs where tenant_id = ?")
                .param(free.id().value())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void aPremiumModelIsRefusedAtSubmitOnAPlanWithBasicModelsOnlyAndPricedByItsEstimateOnPro() {
    // the port generation implements from its catalog: here "premium-*" models are premium
    ModelTiers tiers =
        (type, params) ->
            params.get("model") instanceof String model
                ? Optional.of(model.startsWith("premium-") ? ModelTier.PREMIUM : ModelTier.BASIC)
                : Optional.empty();
    JobEscrow tiered =
        new JobEscrow(
            new ChargeGate(DB.allowances, DB.ledger, DB.clock),
            DB.ledger,
            DB.allowances,
            new TenantBilling(DB.jdbc, DB.clock),
            DB.jdbc,
            tiers);
    JdbcJobStore store = repositoryOn(DB.jdbc, DB.tx, tiered);
    Tenant free = aTenant(Plan.FREE);
    DB.ledger.purchase(free.id(), "pi_" + free.id().value(), Credits.of(100), "pi");

    assertThatThrownBy(
            () ->
                store.insert(
                    aJob(free, "generate-image", Map.of("model", "premium-x"), 42, List.of())))
        .isInstanceOfSatisfying(
            JobRefusedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("plan_does_not_include");
              assertThat(e.details())
                  .containsEntry("plan", "free")
                  .containsEntry("included_in", "pro");
            });
    assertThat(balance(free)).isEqualTo(balance("100", "0"));
    JobRecord basic =
        store.insert(aJob(free, "generate-image", Map.of("model", "basic-x"), 42, List.of())).job();
    // 42 old units (USD 0.042) × 1.5 at USD 0.10 a credit is 0.63: raised to the image floor, 1
    assertThat(hold(free, basic.id()).amount()).isEqualTo(Credits.parse("1"));

    Tenant pro = aTenant(Plan.PRO);
    DB.ledger.purchase(pro.id(), "pi_" + pro.id().value(), Credits.of(100), "pi");
    JobRecord premium =
        store
            .insert(aJob(pro, "generate-image", Map.of("model", "premium-x"), 300, List.of()))
            .job();
    // the price follows the premium model's estimate: USD 0.30 × 1.5 = 4.5 credits
    assertThat(hold(pro, premium.id()).amount()).isEqualTo(Credits.parse("4.5"));
  }

  @Test
  void theAdminTenantInternalJobTypesAndZeroEstimatesAreFree() {
    TenantId adminId = new TenantId("admin");
    Tenant admin =
        DB.tenants
            .find(adminId)
            .orElseGet(() -> DB.tenants.create(adminId, "Administrator", Plan.ENTERPRISE));
    Tenant broke = aTenant(Plan.PRO);

    JobRecord adminJob = jobs.insert(aTranscode(admin)).job();
    JobRecord reconciliation =
        jobs.insert(aJob(broke, "billing-reconciliation", Map.of(), 0, List.of())).job();
    JobRecord noop = jobs.insert(aJob(broke, "noop", Map.of(), 5, List.of())).job();
    JobRecord offline = jobs.insert(aJob(broke, "generate-image", Map.of(), 0, List.of())).job();
    jobs.succeed(offline.id(), running(offline), new JobResult(List.of("ast_i"), Map.of(), 0L));
    jobs.succeed(noop.id(), running(noop), new JobResult(List.of(), Map.of(), 5L));

    assertThat(DB.ledger.hold(adminId, JobEscrow.holdKey(adminJob.id()))).isEmpty();
    assertThat(DB.ledger.hold(broke.id(), JobEscrow.holdKey(reconciliation.id()))).isEmpty();
    assertThat(balance(broke)).isEqualTo(Balance.EMPTY);
  }

  @Test
  void endingAJobTwiceSettlesOnce() {
    Tenant tenant = aTenant(Plan.PRO);
    DB.ledger.purchase(tenant.id(), "pi_" + tenant.id().value(), Credits.of(10), "pi");
    JobRecord job = jobs.insert(aTranscode(tenant)).job();
    jobs.succeed(job.id(), running(job), new JobResult(List.of("ast_o"), Map.of(), 40L));
    JobRecord ended = jobs.findById(job.id()).orElseThrow();

    // the hook runs again when an end is retried after a rollback: nothing more moves
    DB.tx.executeWithoutResult(
        s ->
            escrow.jobEnded(
                new ai.omnix.pipeline.core.job.hook.EndedJob(
                    ended.id(),
                    tenant.id(),
                    ended.type(),
                    JobStatus.FAILED,
                    new JobFailure("late", "late", false),
                    List.of(),
                    ended.creditsEstimated(),
                    null,
                    null,
                    1,
                    ended.createdAt(),
                    DB.clock.instant())));

    assertThat(hold(tenant, job.id()).charged()).isEqualTo(Credits.parse("0.6"));
    assertThat(balance(tenant)).isEqualTo(balance("9.4", "0"));
    assertThat(
            DB.jdbc
                .sql("select count(*) from ledger_entries where tenant_id = ? and hold_key = ?")
                .params(tenant.id().value(), JobEscrow.holdKey(job.id()))
                .query(Integer.class)
                .single())
        .isEqualTo(3); // reserve, settle, release
  }

  private static JdbcJobStore process(HikariDataSource pool) {
    JdbcClient jdbc = JdbcClient.create(pool);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    JdbcCreditLedger ledger = new JdbcCreditLedger(jdbc, tx, DB.clock);
    return repositoryOn(
        jdbc, tx, escrowOn(jdbc, tx, ledger, new JdbcAllowanceCounters(jdbc, tx, DB.clock)));
  }

  private static HikariDataSource pool(String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DB.url);
    config.setUsername(SharedPostgres.username());
    config.setMaximumPoolSize(16);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }
}
