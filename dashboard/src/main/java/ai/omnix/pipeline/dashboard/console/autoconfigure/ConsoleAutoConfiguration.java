package ai.omnix.pipeline.dashboard.console.autoconfigure;

import ai.omnix.pipeline.api.auth.SeparatelyAuthenticatedPaths;
import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditLog;
import ai.omnix.pipeline.dashboard.console.ConsoleProperties;
import ai.omnix.pipeline.dashboard.console.security.AdminApiKeyAuthenticationProvider;
import ai.omnix.pipeline.dashboard.console.security.ConsoleRole;
import ai.omnix.pipeline.dashboard.console.security.ConsoleUsers;
import ai.omnix.pipeline.dashboard.console.web.BulkActions;
import ai.omnix.pipeline.dashboard.console.web.ConsoleController;
import ai.omnix.pipeline.dashboard.console.web.ConsoleQueries;
import ai.omnix.pipeline.dashboard.console.web.OperatorAudit;
import ai.omnix.pipeline.store.job.OperatorJobs;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The operator console under {@code /console} on the application port, for the {@code dashboard}
 * role ({@code omnix.console.enabled}, set from {@code omnix.roles}).
 *
 * <p>Its Spring Security filter chain is registered for {@code /console/*} only (Boot's own
 * security auto-configuration is filtered out by {@link ConsoleOwnsSpringSecurity}), and it tells
 * the API-key filter to leave those paths to it ({@link SeparatelyAuthenticatedPaths}). Sign-in is
 * a form (configured accounts with bcrypt hashes, or an admin API key under the user name {@code
 * api-key}); sessions carry a CSRF token that every POST must send.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "omnix.console.enabled", havingValue = "true")
@EnableConfigurationProperties(ConsoleProperties.class)
@EnableWebSecurity
@Import(ConsoleController.class)
public class ConsoleAutoConfiguration {
  public static final String PATH = "/console";

  @Bean
  SeparatelyAuthenticatedPaths consolePaths() {
    return new SeparatelyAuthenticatedPaths(List.of(PATH, PATH + "/**"));
  }

  /** Spring Security sees the console's requests and no other. */
  @Bean
  DelegatingFilterProxyRegistrationBean consoleSecurityFilterRegistration() {
    var registration = new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
    registration.addUrlPatterns(PATH, PATH + "/*");
    registration.setOrder(-100);
    return registration;
  }

  @Bean
  InMemoryUserDetailsManager consoleUsers(ConsoleProperties properties) {
    return new InMemoryUserDetailsManager(ConsoleUsers.from(properties.users()));
  }

  @Bean
  OperatorAudit operatorAudit(AuditLog log) {
    return new OperatorAudit(log);
  }

  @Bean
  SecurityFilterChain consoleSecurity(
      HttpSecurity http,
      InMemoryUserDetailsManager users,
      TenantRepository tenants,
      OperatorAudit audit)
      throws Exception {
    DaoAuthenticationProvider accounts = new DaoAuthenticationProvider(users);
    accounts.setPasswordEncoder(new BCryptPasswordEncoder());
    AuthenticationManager authentication =
        new ProviderManager(new AdminApiKeyAuthenticationProvider(tenants), accounts);
    String operator = ConsoleRole.OPERATOR.name();
    String admin = ConsoleRole.ADMIN.name();
    http.securityMatcher(PATH, PATH + "/**")
        .authenticationManager(authentication)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(PATH + "/login", PATH + "/assets/**")
                    .permitAll()
                    .requestMatchers(
                        PATH + "/jobs/**",
                        PATH + "/bulk/**",
                        PATH + "/tenants/**",
                        PATH + "/webhooks/**",
                        PATH + "/providers/**")
                    .hasAnyRole(operator, admin)
                    .requestMatchers(PATH + "/billing/**")
                    .hasAnyRole(ConsoleRole.FINANCE.name(), admin)
                    .requestMatchers(PATH + "/retention/**")
                    .hasAnyRole(ConsoleRole.COMPLIANCE.name(), admin)
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage(PATH + "/login")
                    .loginProcessingUrl(PATH + "/login")
                    .failureUrl(PATH + "/login?error")
                    .successHandler(
                        (request, response, auth) -> {
                          audit.record(
                              audit
                                  .event(AuditEventType.OPERATOR_SIGNED_IN, auth, request)
                                  .resource("console_user", auth.getName())
                                  .action("sign_in"));
                          response.sendRedirect(request.getContextPath() + PATH);
                        }))
        .logout(l -> l.logoutUrl(PATH + "/logout").logoutSuccessUrl(PATH + "/login?signed-out"))
        .exceptionHandling(
            e ->
                e.accessDeniedHandler(
                    (request, response, denied) -> {
                      response.setStatus(403);
                      response.setContentType("text/html;charset=UTF-8");
                      response
                          .getOutputStream()
                          .write(
                              ("<!doctype html><title>Forbidden</title><h1>403 Forbidden</h1><p>"
                                      + "Your console role does not allow this page or action."
                                      + " <a href=\""
                                      + request.getContextPath()
                                      + PATH
                                      + "\">Overview</a></p>")
                                  .getBytes(StandardCharsets.UTF_8));
                    }));
    return http.build();
  }

  @Bean
  ConsoleQueries consoleQueries(JdbcClient jdbc, Clock clock) {
    return new ConsoleQueries(jdbc, clock);
  }

  @Bean
  BulkActions consoleBulkActions(
      ConsoleQueries queries,
      OperatorJobs jobs,
      TenantRepository tenants,
      ObjectProvider<JobSubmissionService> submissions,
      OperatorAudit audit) {
    return new BulkActions(
        queries, jobs, tenants, Optional.ofNullable(submissions.getIfAvailable()), audit);
  }

  /** htmx, hls.js (WebJars) and the console's CSS and script, under the console's path. */
  @Bean
  WebMvcConfigurer consoleAssets() {
    return new WebMvcConfigurer() {
      @Override
      public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry
            .addResourceHandler(PATH + "/assets/**")
            .addResourceLocations(
                "classpath:/console/assets/", "classpath:/META-INF/resources/webjars/");
      }
    };
  }
}
