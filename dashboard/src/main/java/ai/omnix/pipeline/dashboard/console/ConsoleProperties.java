package ai.omnix.pipeline.dashboard.console;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator console ({@code omnix.console.*}): served under {@code /console} on the application
 * port by the {@code dashboard} role.
 *
 * @param enabled set from {@code omnix.roles} (the dashboard role)
 * @param users operator accounts; each password is a bcrypt hash ({@code $2a$…}, optionally
 *     prefixed {@code {bcrypt}}), never a plain password
 * @param jobrunrDashboardUrl where operators reach the JobRunr dashboard (links to a job's run);
 *     blank: the console's own host on {@code jobrunr.dashboard.port}
 */
@ConfigurationProperties("omnix.console")
public record ConsoleProperties(boolean enabled, List<User> users, String jobrunrDashboardUrl) {
  public ConsoleProperties {
    users = users == null ? List.of() : List.copyOf(users);
  }

  /**
   * One operator account.
   *
   * @param roles any of {@code operator}, {@code finance}, {@code compliance}, {@code admin}
   */
  public record User(String username, String password, List<String> roles) {
    public User {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}
