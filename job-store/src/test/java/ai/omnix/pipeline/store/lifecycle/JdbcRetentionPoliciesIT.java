package ai.omnix.pipeline.store.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.retention.AssetRetention;
import ai.omnix.pipeline.core.retention.RetentionOverride;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.retention.RetentionPolicy;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.retention.JdbcRetentionPolicies;
import ai.omnix.pipeline.testkit.lifecycle.RetentionPoliciesContract;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policies as data, and the deadlines the database keeps from them: on insert of assets and jobs by
 * any code, and again when an override, a plan or a plan default changes.
 */
class JdbcRetentionPoliciesIT extends RetentionPoliciesContract {
  private static final Actor ADMIN = Actor.system("test");
  private final StoreFixture store = LifecycleFixture.store();
  private final JdbcRetentionPolicies policies =
      new JdbcRetentionPolicies(
          store.jdbc,
          new TransactionTemplate(new DataSourceTransactionManager(store.dataSource)),
          store.clock);
  private final AssetRepository assets = new AssetRepository(store.jdbc, store.clock);

  @Override
  protected RetentionPolicies policies() {
    return policies;
  }

  @Override
  protected TenantId aTenant(Plan plan) {
    return store.aTenant(plan).id();
  }

  @Override
  protected JobId aJob(TenantId tenant, String retention) {
    return insertJob(tenant, retention, JobInput.none());
  }

  private JobId insertJob(TenantId tenant, String retention, JobInput input) {
    Tenant t = store.tenants.find(tenant).orElseThrow();
    Map<String, Object> params = new HashMap<>(Map.of("sleep_ms", 10));
    if (retention != null) {
      params.put("retention", retention);
    }
    JobSubmissions.Inserted inserted =
        store.jobs.insert(
            StoreFixture.aNewJob(
                t, new JobSubmission("noop", input, params, null, Map.of(), 0), QueueClass.LIGHT));
    return ((JobSubmissions.Created) inserted).job().id();
  }

  private Instant jobExpiry(JobId job) {
    return store
        .jdbc
        .sql("select expires_at from jobs where id = ?")
        .param(job.value())
        .query(java.sql.Timestamp.class)
        .single()
        .toInstant();
  }

  private Instant assetExpiry(TenantId tenant, String id) {
    return assets.find(tenant, id).orElseThrow().retention().expiresAt();
  }

  @Test
  void theDatabasesPlanDefaultsAreThoseTheCodeDocuments() {
    for (Plan plan : Plan.values()) {
      Map<String, Object> row =
          store
              .jdbc
              .sql("select * from retention_plan_defaults where plan = ?")
              .param(plan.wireName())
              .query()
              .singleRow();
      RetentionPolicy documented = RetentionPolicy.PLAN_DEFAULTS.get(plan);
      assertThat(row.get("asset_days")).isEqualTo(documented.assetDays());
      assertThat(row.get("job_days")).isEqualTo(documented.jobDays());
      assertThat(row.get("upload_retention")).isEqualTo(documented.uploadDefault().wireName());
    }
  }

  @Test
  void everyAssetGetsADeadlineAndPolicyOnesComeFromThePlan() {
    TenantId tenant = aTenant(Plan.FREE);
    Instant now = store.clock.instant();

    AssetRecord byPolicy = LifecycleFixture.anAsset(assets, tenant);
    AssetRecord temporary =
        LifecycleFixture.anAsset(assets, tenant, null, AssetRetention.temporary(now));
    AssetRecord until =
        LifecycleFixture.anAsset(
            assets, tenant, null, AssetRetention.until(now.plus(Duration.ofDays(3))));

    assertThat(byPolicy.retention())
        .isEqualTo(new AssetRetention(AssetRetention.Mode.POLICY, now.plus(Duration.ofDays(30))));
    assertThat(temporary.retention())
        .isEqualTo(
            new AssetRetention(AssetRetention.Mode.TEMPORARY, now.plus(Duration.ofHours(24))));
    assertThat(until.retention())
        .isEqualTo(new AssetRetention(AssetRetention.Mode.UNTIL, now.plus(Duration.ofDays(3))));
    // (the asset's JSON, which shows these, is the API's: AssetJsonTest)
    assertThat(byPolicy.legalHold()).isFalse();
  }

  @Test
  void aJobRecordIsKeptByPolicyButNoLongerThanItsInputsUnlessItSaysOtherwise() {
    TenantId tenant = aTenant(Plan.STUDENT);
    Instant now = store.clock.instant();
    AssetRecord temporaryInput =
        LifecycleFixture.anAsset(assets, tenant, null, AssetRetention.temporary(now));
    AssetRecord keptInput = LifecycleFixture.anAsset(assets, tenant);

    assertThat(jobExpiry(aJob(tenant, null))).isEqualTo(now.plus(Duration.ofDays(90)));
    assertThat(jobExpiry(aJob(tenant, "temporary")))
        .isEqualTo(now.plus(AssetRetention.TEMPORARY_PERIOD));
    assertThat(jobExpiry(insertJob(tenant, null, JobInput.asset(temporaryInput.id()))))
        .as("inherits its temporary input's deadline")
        .isEqualTo(now.plus(Duration.ofHours(24)));
    assertThat(
            jobExpiry(
                insertJob(
                    tenant,
                    null,
                    JobInput.assets(java.util.List.of(keptInput.id(), temporaryInput.id())))))
        .isEqualTo(now.plus(Duration.ofHours(24)));
    assertThat(jobExpiry(insertJob(tenant, "policy", JobInput.asset(temporaryInput.id()))))
        .isEqualTo(now.plus(Duration.ofDays(90)));
  }

  @Test
  void anOverrideRecomputesDeadlinesOfWhatIsKeptByPolicyAndCapsExplicitOnes() {
    TenantId tenant = aTenant(Plan.PRO);
    TenantId bystander = aTenant(Plan.PRO);
    Instant created = store.clock.instant();
    AssetRecord byPolicy = LifecycleFixture.anAsset(assets, tenant);
    AssetRecord temporary =
        LifecycleFixture.anAsset(assets, tenant, null, AssetRetention.temporary(created));
    AssetRecord farUntil =
        LifecycleFixture.anAsset(
            assets, tenant, null, AssetRetention.until(created.plus(Duration.ofDays(200))));
    AssetRecord nearUntil =
        LifecycleFixture.anAsset(
            assets, tenant, null, AssetRetention.until(created.plus(Duration.ofDays(10))));
    AssetRecord othersAsset = LifecycleFixture.anAsset(assets, bystander);
    JobId job = aJob(tenant, null);
    JobId temporaryJob = aJob(tenant, "temporary");
    store.clock.advance(Duration.ofDays(5));

    policies.override(tenant, new RetentionOverride(60, 14, null), ADMIN);

    assertThat(assetExpiry(tenant, byPolicy.id())).isEqualTo(created.plus(Duration.ofDays(60)));
    assertThat(assetExpiry(tenant, farUntil.id())).isEqualTo(created.plus(Duration.ofDays(60)));
    assertThat(assetExpiry(tenant, nearUntil.id())).isEqualTo(created.plus(Duration.ofDays(10)));
    assertThat(assetExpiry(tenant, temporary.id())).isEqualTo(created.plus(Duration.ofHours(24)));
    assertThat(assetExpiry(bystander, othersAsset.id()))
        .isEqualTo(created.plus(Duration.ofDays(365)));
    assertThat(jobExpiry(job)).isEqualTo(created.plus(Duration.ofDays(14)));
    assertThat(jobExpiry(temporaryJob)).isEqualTo(created.plus(Duration.ofHours(24)));
    assertThat(
            store
                .jdbc
                .sql("select updated_by from tenant_retention_policies where tenant_id = ?")
                .param(tenant.value())
                .query(String.class)
                .single())
        .isEqualTo("system:test");

    policies.clearOverride(tenant, ADMIN);
    assertThat(assetExpiry(tenant, byPolicy.id())).isEqualTo(created.plus(Duration.ofDays(365)));
    assertThat(jobExpiry(job)).isEqualTo(created.plus(Duration.ofDays(365)));
  }

  @Test
  void aPlanChangeByAnyCodeRecomputesDeadlines() {
    TenantId tenant = aTenant(Plan.PRO);
    Instant created = store.clock.instant();
    AssetRecord asset = LifecycleFixture.anAsset(assets, tenant);
    JobId job = aJob(tenant, null);

    store.jdbc.sql("update tenants set plan = 'free' where id = ?").param(tenant.value()).update();

    assertThat(assetExpiry(tenant, asset.id())).isEqualTo(created.plus(Duration.ofDays(30)));
    assertThat(jobExpiry(job)).isEqualTo(created.plus(Duration.ofDays(30)));
    assertThat(policies.effective(tenant).plan()).isEqualTo(Plan.FREE);
  }

  @Test
  void aPlanDefaultChangeRecomputesItsTenantsDeadlines() {
    TenantId student = aTenant(Plan.STUDENT);
    TenantId pro = aTenant(Plan.PRO);
    Instant created = store.clock.instant();
    AssetRecord studentAsset = LifecycleFixture.anAsset(assets, student);
    AssetRecord proAsset = LifecycleFixture.anAsset(assets, pro);

    store
        .jdbc
        .sql("update retention_plan_defaults set asset_days = 45 where plan = 'student'")
        .update();

    assertThat(assetExpiry(student, studentAsset.id()))
        .isEqualTo(created.plus(Duration.ofDays(45)));
    assertThat(assetExpiry(pro, proAsset.id())).isEqualTo(created.plus(Duration.ofDays(365)));
  }
}
