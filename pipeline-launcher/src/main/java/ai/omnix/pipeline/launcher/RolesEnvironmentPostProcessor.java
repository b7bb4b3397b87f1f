package ai.omnix.pipeline.launcher;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code omnix.roles} into the switches of each module (and of JobRunr and Quartz). A switch
 * set explicitly wins over the role list. An unknown role stops the process: a typo must not start
 * a worker with no API.
 */
public class RolesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  static final Set<String> ROLES = Set.of("api", "worker", "scheduler", "dashboard", "chat");

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 20;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    String configured = env.getProperty("omnix.roles", "api,worker,scheduler,dashboard,chat");
    Set<String> roles =
        Arrays.stream(configured.split(","))
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    for (String role : roles) {
      if (!ROLES.contains(role)) {
        throw new IllegalStateException(
            "omnix.roles contains unknown role '" + role + "'; use any of " + ROLES);
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalStateException("omnix.roles is empty; use any of " + ROLES);
    }
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("omnix.api.enabled", roles.contains("api"));
    defaults.put("omnix.worker.enabled", roles.contains("worker"));
    defaults.put("omnix.scheduler.enabled", roles.contains("scheduler"));
    defaults.put("omnix.chat.enabled", roles.contains("chat"));
    defaults.put("jobrunr.background-job-server.enabled", roles.contains("worker"));
    defaults.put("jobrunr.dashboard.enabled", roles.contains("dashboard"));
    defaults.put("omnix.console.enabled", roles.contains("dashboard"));
    defaults.put("spring.quartz.auto-startup", roles.contains("scheduler"));
    Map<String, Object> effective = new HashMap<>();
    defaults.forEach(
        (key, value) -> {
          if (!env.containsProperty(key)) {
            effective.put(key, value);
          }
        });
    env.getPropertySources().addLast(new MapPropertySource("omnixRoles", effective));
  }
}
