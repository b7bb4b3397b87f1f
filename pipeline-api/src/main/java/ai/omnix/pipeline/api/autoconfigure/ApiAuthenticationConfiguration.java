package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.auth.BodyLimitFilter;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * API-key authentication and JSON body limits for every role that serves {@code /v1}: imported by
 * the api role's {@link ApiAutoConfiguration} and by the chat role's auto-configuration (Spring
 * registers it once when both run), so a chat-only process authenticates exactly as the API does.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiAuthenticationConfiguration {

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ApiProperties properties) {
    var registration =
        new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxJsonBodyBytes()));
    registration.addUrlPatterns("/v1/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  ApiKeyAuthenticationFilter apiKeyAuthentication(
      TenantRepository tenants, Clock clock, ApiProperties properties) {
    return new ApiKeyAuthenticationFilter(tenants, clock, properties.keyCache());
  }

  @Bean
  FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyAuthenticationFilter(
      ApiKeyAuthenticationFilter apiKeyAuthentication) {
    var registration = new FilterRegistrationBean<>(apiKeyAuthentication);
    registration.addUrlPatterns("/v1/*", "/v1");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }
}
