package ai.omnix.pipeline.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.audit.AuditQuery;
import ai.omnix.pipeline.core.audit.AuditRecord;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.core.audit.ChainVerification;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.audit.AuditLogContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class JdbcAuditLogIT extends AuditLogContract {
  private final StoreFixture store = new StoreFixture();
  private final TransactionTemplate tx =
      new TransactionTemplate(new DataSourceTransactionManager(store.dataSource));
  private final JdbcAuditLog log = new JdbcAuditLog(store.jdbc, tx, store.clock);

  @Override
  protected AuditLog log() {
    return log;
  }

  @Override
  protected AuditTrail trail() {
    return log;
  }

  @Override
  protected SettableClock clock() {
    return store.clock;
  }

  /** What a superuser can do: switch the append-only triggers off, change a row, switch them on. */
  private void asSuperuser(String sql, Object... params) {
    tx.executeWithoutResult(
        s -> {
          store.jdbc.sql("alter table audit_events disable trigger user").update();
          store.jdbc.sql(sql).params(params).update();
          store.jdbc.sql("alter table audit_events enable trigger user").update();
        });
  }

  @Override
  protected void tamperWithMetadata(long seq, String metadata) {
    asSuperuser("update audit_events set metadata = ? where seq = ?", metadata, seq);
  }

  @Override
  protected void removeRecord(long seq) {
    asSuperuser("delete from audit_events where seq = ?", seq);
  }

  @Test
  void theDatabaseRefusesUpdateDeleteAndTruncate() {
    log.record(anEvent("acme", true));

    assertThatThrownBy(() -> store.jdbc.sql("update audit_events set success = false").update())
        .rootCause()
        .hasMessageContaining("audit_events is append-only: UPDATE");
    assertThatThrownBy(() -> store.jdbc.sql("delete from audit_events").update())
        .rootCause()
        .hasMessageContaining("audit_events is append-only: DELETE");
    assertThatThrownBy(() -> store.jdbc.sql("truncate audit_events").update())
        .rootCause()
        .hasMessageContaining("audit_events is append-only: TRUNCATE");
    assertThat(log.find(AuditQuery.all(10)))
        .singleElement()
        .extracting(AuditRecord::success)
        .isEqualTo(true);
    assertThat(log.verify().valid()).isTrue();
  }

  @Test
  void aRowASuperuserAlteredWithTheTriggerDisabledIsFoundByVerify() {
    for (int i = 0; i < 4; i++) {
      log.record(anEvent("acme", true));
    }
    asSuperuser("update audit_events set success = false, ip = '198.51.100.1' where seq = 2");

    ChainVerification verification = log.verify();
    assertThat(verification.valid()).isFalse();
    assertThat(verification.brokenSeq()).isEqualTo(2L);
    assertThat(verification.problem()).isEqualTo("hash_mismatch");
    assertThat(verification.headSeq()).isEqualTo(1L);
  }

  @Test
  void aRowAlteredAndRehashedBreaksTheNextLink() {
    for (int i = 0; i < 4; i++) {
      log.record(anEvent("acme", true));
    }
    AuditRecord original = log.find(AuditQuery.all(10).before(3)).get(0);
    AuditRecord forged =
        new AuditRecord(
            original.seq(),
            original.occurredAt(),
            original.type(),
            "someone-else",
            original.actorType(),
            original.actorId(),
            original.resourceType(),
            original.resourceId(),
            original.action(),
            original.ip(),
            original.userAgent(),
            original.success(),
            original.metadata(),
            original.prevHash(),
            null);
    String forgedHash = ai.omnix.pipeline.core.audit.AuditChain.hash(forged);
    asSuperuser(
        "update audit_events set tenant_id = 'someone-else', hash = ? where seq = 2", forgedHash);

    ChainVerification verification = log.verify();
    assertThat(verification.brokenSeq()).isEqualTo(3L);
    assertThat(verification.problem()).isEqualTo("prev_hash_mismatch");
  }

  @Test
  void anEventRecordedInTheActionsTransactionRollsBackWithIt() {
    TenantId tenant = store.aTenant(Plan.PRO).id();
    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    s -> {
                      store.tenants.revokeKeys(tenant);
                      log.record(anEvent(tenant.value(), true));
                      throw new IllegalStateException("the action failed after recording");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(log.find(AuditQuery.all(10))).isEmpty();

    tx.executeWithoutResult(
        s -> {
          store.tenants.revokeKeys(tenant);
          log.record(anEvent(tenant.value(), true));
        });
    assertThat(log.find(AuditQuery.all(10))).hasSize(1);
    assertThat(log.verify().valid()).isTrue();
    assertThat(log.verify().headSeq()).isEqualTo(1L);
  }

  @Test
  void appendsFromSeparateConnectionPoolsLikeSeparateProcessesFormOneChain() throws Exception {
    int processes = 3;
    int each = 20;
    List<JdbcAuditLog> logs = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      SimpleDriverDataSource ds =
          new SimpleDriverDataSource(
              new org.postgresql.Driver(),
              ((SimpleDriverDataSource) store.dataSource).getUrl(),
              "postgres",
              "");
      logs.add(
          new JdbcAuditLog(
              JdbcClient.create(ds),
              new TransactionTemplate(new DataSourceTransactionManager(ds)),
              store.clock));
    }
    ExecutorService pool = Executors.newFixedThreadPool(processes * 2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (JdbcAuditLog l : logs) {
        for (int t = 0; t < 2; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each / 2; i++) {
                      l.record(anEvent("acme", true));
                    }
                  }));
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    ChainVerification verification = log.verify();
    assertThat(verification.valid()).as(verification.toString()).isTrue();
    assertThat(verification.checked()).isEqualTo(processes * each);
  }
}
