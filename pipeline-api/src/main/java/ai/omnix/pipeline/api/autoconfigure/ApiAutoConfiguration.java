package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.auth.BodyLimitFilter;
import ai.omnix.pipeline.api.jobs.JobEventStreams;
import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.api.jobs.JobTypesController;
import ai.omnix.pipeline.api.jobs.JobsController;
import ai.omnix.pipeline.api.problem.ProblemAdvice;
import ai.omnix.pipeline.api.tenants.AdminBootstrap;
import ai.omnix.pipeline.api.tenants.TenantsController;
import ai.omnix.pipeline.api.webhooks.WebhookEndpointsController;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.admission.PlanLimitsAdmissionPolicy;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.store.job.JobRepository;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** The api role ({@code omnix.api.enabled=true}): REST controllers, authentication, limits, admission. */
@AutoConfiguration(afterName = "ai.omnix.pipeline.workers.autoconfigure.JobTypesAutoConfiguration")
@EnableConfigurationProperties(ApiProperties.class)
@ConditionalOnProperty(name = "omnix.api.enabled", havingValue = "true", matchIfMissing = true)
@Import({JobsController.class, JobTypesController.class, TenantsController.class, WebhookEndpointsController.class,
    ProblemAdvice.class})
public class ApiAutoConfiguration {

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ApiProperties properties) {
    var registration = new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxJsonBodyBytes()));
    registration.addUrlPatterns("/v1/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyAuthenticationFilter(TenantRepository tenants,
      Clock clock, ApiProperties properties) {
    var registration = new FilterRegistrationBean<>(
        new ApiKeyAuthenticationFilter(tenants, clock, properties.keyCache()));
    registration.addUrlPatterns("/v1/*", "/v1");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  @Bean
  AdmissionPolicy planLimitsAdmissionPolicy(JobRepository jobs, Clock clock, ApiProperties properties) {
    return new PlanLimitsAdmissionPolicy(
        new CachedUnfinishedJobCounter(jobs::unfinishedJobs, clock, properties.admissionCountCache()));
  }

  @Bean
  JobSubmissionService jobSubmissionService(JobTypeRegistry registry, List<AdmissionPolicy> admission,
      JobRepository jobs, OutboundAddressPolicy outbound) {
    return new JobSubmissionService(registry, admission, jobs, outbound);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService jobEventPoller() {
    return Executors.newScheduledThreadPool(2, r -> {
      Thread thread = new Thread(r, "job-event-streams");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Bean
  JobEventStreams jobEventStreams(JobRepository jobs, ScheduledExecutorService jobEventPoller) {
    return new JobEventStreams(jobs, jobEventPoller, Duration.ofMillis(200), Duration.ofMinutes(30),
        Duration.ofSeconds(15));
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> adminBootstrap(TenantRepository tenants, ApiProperties properties) {
    return event -> new AdminBootstrap(tenants).ensureAdmin(properties.bootstrapApiKey());
  }
}
