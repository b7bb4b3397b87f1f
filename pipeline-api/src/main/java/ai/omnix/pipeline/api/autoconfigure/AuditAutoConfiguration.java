package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.audit.AuditSecurityEvents;
import ai.omnix.pipeline.api.audit.CurrentRequest;
import ai.omnix.pipeline.api.audit.FailedAuthentications;
import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.store.audit.ApiKeyIds;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log's side of every process that serves the API (api or chat role): {@link
 * SecurityEvents} written to the audit log (ordered before the configurations whose logging default
 * it replaces), the recorder of failed authentications, and the helper controllers record actions
 * with.
 */
@AutoConfiguration(
    before = ApiAutoConfiguration.class,
    beforeName = "ai.omnix.pipeline.chat.autoconfigure.ChatAutoConfiguration",
    afterName = "ai.omnix.pipeline.store.autoconfigure.LifecycleStoreAutoConfiguration")
@ConditionalOnWebApplication
public class AuditAutoConfiguration {

  @Bean
  ActionAudit actionAudit(AuditLog log, TransactionTemplate tx, ApiKeyIds keyIds) {
    return new ActionAudit(log, tx, keyIds);
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

  @Bean
  SecurityEvents auditSecurityEvents(
      AuditLog log, ActionAudit actions, FailedAuthentications failures) {
    return new AuditSecurityEvents(log, actions, failures);
  }

  /** Around the authentication filter (HIGHEST_PRECEDENCE + 20), so its events see the request. */
  @Bean
  FilterRegistrationBean<CurrentRequest> auditCurrentRequest() {
    var registration = new FilterRegistrationBean<>(new CurrentRequest());
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
    return registration;
  }
}
