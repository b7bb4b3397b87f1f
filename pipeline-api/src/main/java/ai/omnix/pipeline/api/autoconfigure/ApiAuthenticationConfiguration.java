package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.auth.BodyLimitFilter;
import ai.omnix.pipeline.api.auth.FailedLookupThrottle;
import ai.omnix.pipeline.api.auth.PublicPaths;
import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.api.auth.SeparatelyAuthenticatedPaths;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * API-key authentication and JSON body limits for every role that serves {@code /v1}: imported by
 * the api role's {@link ApiAutoConfiguration} and by the chat role's auto-configuration (Spring
 * registers it once when both run), so a chat-only process authenticates exactly as the API does.
 * Authentication covers every path of the process and fails closed (see {@link
 * ApiKeyAuthenticationFilter}), except the paths another chain authenticates ({@link
 * SeparatelyAuthenticatedPaths}: the operator console's, when the dashboard role runs here).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiProperties.class, ApiAuthProperties.class})
public class ApiAuthenticationConfiguration {

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ApiProperties properties) {
    var registration =
        new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxJsonBodyBytes()));
    registration.addUrlPatterns("/v1/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /** Where key and authentication events go until the audit log implements this. */
  @Bean
  @ConditionalOnMissingBean
  SecurityEvents securityEvents() {
    return SecurityEvents.logging();
  }

  @Bean
  ApiKeyAuthenticationFilter apiKeyAuthentication(
      TenantRepository tenants,
      Clock clock,
      ApiProperties properties,
      ApiAuthProperties auth,
      SecurityEvents events,
      ObjectProvider<SeparatelyAuthenticatedPaths> separatelyAuthenticated) {
    return new ApiKeyAuthenticationFilter(
        tenants,
        clock,
        properties.keyCache(),
        PublicPaths.defaultsAnd(separatelyAuthenticated.orderedStream().toList()),
        new FailedLookupThrottle(
            clock,
            auth.unknownKeyCache(),
            auth.failureWindow(),
            auth.maxFailuresPerAddress(),
            auth.maxFailures(),
            auth.rememberValidKeys(),
            100_000),
        events);
  }

  /** Every path: the filter itself lets through only the explicitly public ones. */
  @Bean
  FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyAuthenticationFilter(
      ApiKeyAuthenticationFilter apiKeyAuthentication) {
    var registration = new FilterRegistrationBean<>(apiKeyAuthentication);
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }
}
