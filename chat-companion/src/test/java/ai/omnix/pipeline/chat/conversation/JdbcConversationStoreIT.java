package ai.omnix.pipeline.chat.conversation;

import ai.omnix.pipeline.chat.conversation.jdbc.JdbcConversationStore;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcConversationStoreIT extends ConversationStoreContract {
  private static final DataSource DATA_SOURCE = migrated();
  private final JdbcClient jdbc = JdbcClient.create(DATA_SOURCE);
  private final TenantRepository tenants = new TenantRepository(jdbc, clock);
  private final JdbcConversationStore store =
      new JdbcConversationStore(
          jdbc, new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE)), clock);

  private static DataSource migrated() {
    DataSource dataSource =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            SharedPostgres.newDatabase("chat_store"),
            SharedPostgres.username(),
            "");
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/omnix")
        .load()
        .migrate();
    return dataSource;
  }

  @Override
  protected ConversationStore store() {
    return store;
  }

  @Override
  protected TenantId aTenant() {
    TenantId id = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
    tenants.create(id, "Store test", Plan.PRO);
    return id;
  }
}
