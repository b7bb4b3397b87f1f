package ai.omnix.pipeline.store;

/** The job store's contract on the embedded PostgreSQL (the version the embedded default runs). */
class JobRepositoryIT extends JobRepositoryContract {
  private static final StoreFixture STORE = new StoreFixture();

  @Override
  protected StoreFixture store() {
    return STORE;
  }
}
