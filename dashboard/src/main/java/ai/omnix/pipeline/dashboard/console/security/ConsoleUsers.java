package ai.omnix.pipeline.dashboard.console.security;

import ai.omnix.pipeline.dashboard.console.ConsoleProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Turns {@code omnix.console.users} into accounts, or refuses to start: the console is never open
 * without credentials, so a user without a password, with a password that is not a bcrypt hash,
 * with no or an unknown role, or named like the API-key sign-in stops the process with a message
 * that names the property to fix.
 */
public final class ConsoleUsers {
  /** The user name under which the sign-in form takes an admin API key as the password. */
  public static final String API_KEY_USERNAME = "api-key";

  private static final Pattern BCRYPT =
      Pattern.compile("^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");

  private ConsoleUsers() {}

  public static List<UserDetails> from(List<ConsoleProperties.User> users) {
    List<UserDetails> accounts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      ConsoleProperties.User user = users.get(i);
      String at = "omnix.console.users[" + i + "]";
      String name = user.username() == null ? "" : user.username().strip();
      if (name.isEmpty()) {
        throw new IllegalStateException(at + ".username is empty; give every console user a name");
      }
      if (name.equalsIgnoreCase(API_KEY_USERNAME)) {
        throw new IllegalStateException(
            at
                + ".username '"
                + name
                + "' is reserved for signing in with an admin API key; choose another name");
      }
      if (!names.add(name)) {
        throw new IllegalStateException(at + ".username '" + name + "' is configured twice");
      }
      String password = user.password() == null ? "" : user.password().strip();
      if (password.startsWith("{bcrypt}")) {
        password = password.substring("{bcrypt}".length());
      }
      if (password.isEmpty()) {
        throw new IllegalStateException(
            at
                + ".password is empty: the console is never open without credentials. Set a bcrypt"
                + " hash (e.g. htpasswd -bnBC 12 \"\" 'secret' | tr -d ':\\n') or remove the user");
      }
      if (!BCRYPT.matcher(password).matches()) {
        throw new IllegalStateException(
            at
                + ".password is not a bcrypt hash ($2a$…, 60 characters); store the hash, never"
                + " the password (e.g. htpasswd -bnBC 12 \"\" 'secret' | tr -d ':\\n')");
      }
      if (user.roles().isEmpty()) {
        throw new IllegalStateException(
            at + ".roles is empty; use any of operator, finance, compliance, admin");
      }
      List<String> roles = new ArrayList<>();
      for (String role : user.roles()) {
        roles.add(
            ConsoleRole.fromWireName(role)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            at
                                + ".roles has unknown role '"
                                + role
                                + "'; use any of operator, finance, compliance, admin"))
                .name());
      }
      accounts.add(
          User.withUsername(name).password(password).roles(roles.toArray(String[]::new)).build());
    }
    return accounts;
  }
}
