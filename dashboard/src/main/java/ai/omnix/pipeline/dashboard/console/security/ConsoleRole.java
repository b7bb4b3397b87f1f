package ai.omnix.pipeline.dashboard.console.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a console user may see and do. {@link #OPERATOR} runs the pipeline (jobs, bulk actions,
 * tenants, webhooks, providers), {@link #FINANCE} reads billing, {@link #COMPLIANCE} reads
 * retention runs, legal holds and the audit log, {@link #ADMIN} all of it. Everyone signed in sees
 * the overview.
 */
public enum ConsoleRole {
  OPERATOR,
  FINANCE,
  COMPLIANCE,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ConsoleRole> fromWireName(String name) {
    for (ConsoleRole role : values()) {
      if (role.wireName().equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
