package ai.omnix.pipeline.store;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The job store's contract on PostgreSQL 15 in a container; skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class JobRepositoryOnPostgres15IT extends JobRepositoryContract {
  @Container
  static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15-alpine");

  private static StoreFixture store;

  @Override
  protected synchronized StoreFixture store() {
    if (store == null) {
      store =
          new StoreFixture(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
    }
    return store;
  }
}
