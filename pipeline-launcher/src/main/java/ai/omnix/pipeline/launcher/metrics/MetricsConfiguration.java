package ai.omnix.pipeline.launcher.metrics;

import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prometheus metrics of every role (see README "For operators"): the guarded scrape endpoint, job
 * counts as store hooks, the cluster's queue and webhook state, provider attempts and upload bytes.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

  @Bean
  JobMetrics jobMetrics(MeterRegistry registry, JdbcClient jdbc) {
    return new JobMetrics(
        registry,
        tenant ->
            jdbc.sql("select plan from tenants where id = ?")
                .param(tenant.value())
                .query(String.class)
                .optional()
                .orElse(null));
  }

  @Bean
  ClusterGauges clusterGauges(
      JdbcClient jdbc,
      Clock clock,
      MeterRegistry registry,
      @Value("${omnix.metrics.refresh:5s}") Duration refresh) {
    return new ClusterGauges(jdbc, clock, refresh, registry);
  }

  @Bean
  FilterRegistrationBean<PrometheusScrapeFilter> prometheusScrapeFilter(
      PrometheusMeterRegistry registry,
      ClusterGauges gauges,
      ObjectProvider<ai.omnix.pipeline.providers.guard.ProviderGuards> guards,
      @Value("${omnix.metrics.scrape-token:}") String token) {
    ai.omnix.pipeline.providers.guard.ProviderGuards g = guards.getIfAvailable();
    var registration =
        new FilterRegistrationBean<>(
            new PrometheusScrapeFilter(
                registry, token, gauges, g == null ? null : new CircuitGauges(g, registry)));
    registration.addUrlPatterns(PrometheusScrapeFilter.PATH);
    // ahead of the API's body limit and key filters (HIGHEST_PRECEDENCE + 10, + 20)
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    return registration;
  }

  @Bean
  FilterRegistrationBean<UploadBytesFilter> uploadBytesFilter(MeterRegistry registry) {
    var registration = new FilterRegistrationBean<>(new UploadBytesFilter(registry));
    registration.addUrlPatterns("/v1/assets", "/v1/uploads", "/v1/uploads/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
    return registration;
  }

  /** Wraps the store's provider attempt log so every attempt's end is counted. */
  @Bean
  static BeanPostProcessor meteredProviderAttempts(
      ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ProviderAttemptLog log
            && !(bean instanceof MeteredProviderAttemptLog)) {
          return new MeteredProviderAttemptLog(
              log, registry.getObject(), clock.getIfAvailable(Clock::systemUTC));
        }
        return bean;
      }
    };
  }
}
