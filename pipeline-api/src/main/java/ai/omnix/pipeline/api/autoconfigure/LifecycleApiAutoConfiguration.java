package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.audit.AuditController;
import ai.omnix.pipeline.api.audit.FailedAuthenticationAuditFilter;
import ai.omnix.pipeline.api.audit.FailedAuthentications;
import ai.omnix.pipeline.api.lifecycle.AssetDeletion;
import ai.omnix.pipeline.api.lifecycle.LegalHoldsController;
import ai.omnix.pipeline.api.lifecycle.RetentionController;
import ai.omnix.pipeline.api.lifecycle.UploadRetention;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.retention.RetentionPolicies;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.audit.ApiKeyIds;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data lifecycle endpoints of the api role: audit log, retention policies, legal holds, and the
 * audit of failed authentications.
 */
@AutoConfiguration(after = ApiAutoConfiguration.class)
@ConditionalOnProperty(name = "omnix.api.enabled", havingValue = "true", matchIfMissing = true)
@Import({AuditController.class, RetentionController.class, LegalHoldsController.class})
public class LifecycleApiAutoConfiguration {

  @Bean
  ActionAudit actionAudit(AuditLog log, TransactionTemplate tx, ApiKeyIds keyIds) {
    return new ActionAudit(log, tx, keyIds);
  }

  @Bean
  UploadRetention uploadRetention(RetentionPolicies policies, Clock clock) {
    return new UploadRetention(policies, clock);
  }

  @Bean
  AssetDeletion assetDeletion(
      AssetRepository assets, BlobStore blobs, LegalHolds holds, ActionAudit audit) {
    return new AssetDeletion(assets, blobs, holds, audit);
  }

  /**
   * @param window at most one failed-authentication event per client address per window
   */
  @Bean(initMethod = "startFlushing", destroyMethod = "close")
  FailedAuthentications failedAuthentications(
      AuditLog log,
      Clock clock,
      @Value("${omnix.audit.failed-authentication-window:1m}") Duration window) {
    return new FailedAuthentications(log, clock, window, 1_000);
  }

  /** Around the authentication filter (which runs at HIGHEST_PRECEDENCE + 20). */
  @Bean
  FilterRegistrationBean<FailedAuthenticationAuditFilter> failedAuthenticationAuditFilter(
      FailedAuthentications failures) {
    var registration = new FilterRegistrationBean<>(new FailedAuthenticationAuditFilter(failures));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
    return registration;
  }
}
