package ai.omnix.pipeline.store.autoconfigure;

import ai.omnix.pipeline.store.audit.JdbcAuditLog;
import ai.omnix.pipeline.store.hold.JdbcLegalHolds;
import ai.omnix.pipeline.store.retention.JdbcRetentionPolicies;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Data lifecycle stores: the audit log, retention policies, legal holds. */
@AutoConfiguration(after = JobStoreAutoConfiguration.class)
public class LifecycleStoreAutoConfiguration {

  /** Both {@code AuditLog} (appending) and {@code AuditTrail} (reading, verifying). */
  @Bean
  @ConditionalOnMissingBean(ai.omnix.pipeline.core.audit.AuditLog.class)
  JdbcAuditLog auditLog(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new JdbcAuditLog(jdbc, tx, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  ai.omnix.pipeline.store.audit.ApiKeyIds apiKeyIds(JdbcClient jdbc) {
    return new ai.omnix.pipeline.store.audit.ApiKeyIds(jdbc);
  }

  @Bean
  @ConditionalOnMissingBean(ai.omnix.pipeline.core.retention.RetentionPolicies.class)
  JdbcRetentionPolicies retentionPolicies(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new JdbcRetentionPolicies(jdbc, tx, clock);
  }

  @Bean
  @ConditionalOnMissingBean(ai.omnix.pipeline.core.hold.LegalHolds.class)
  JdbcLegalHolds legalHolds(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    return new JdbcLegalHolds(jdbc, tx, clock);
  }
}
