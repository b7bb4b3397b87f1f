package ai.omnix.pipeline.store.provider;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.store.job.JobRepository;
import ai.omnix.pipeline.testkit.provider.ProviderAttemptLogContract;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcProviderAttemptLogIT extends ProviderAttemptLogContract {
  private final StoreFixture store = new StoreFixture();
  private final JdbcProviderAttemptLog log =
      new JdbcProviderAttemptLog(
          store.jdbc,
          new TransactionTemplate(new DataSourceTransactionManager(store.dataSource)),
          store.clock);

  @Override
  protected ProviderAttemptLog log() {
    return log;
  }

  @Override
  protected JobId aJob() {
    return ((JobRepository.Created) store.insert(store.aTenant(Plan.PRO), QueueClass.IO_BOUND))
        .job()
        .id();
  }
}
