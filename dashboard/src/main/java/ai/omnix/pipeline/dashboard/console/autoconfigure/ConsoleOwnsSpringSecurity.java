package ai.omnix.pipeline.dashboard.console.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;

/**
 * Keeps Spring Boot's own Spring Security auto-configuration out of every process. Spring Security
 * is on the class path for the console only; Boot's defaults would otherwise lock every path behind
 * a generated password (in a process without the console) and put Spring Security's firewall in
 * front of the API's paths. The console's {@link ConsoleAutoConfiguration} sets up its own filter
 * chain and registers it for {@code /console/*} only, so {@code /v1/**}, {@code /play/**}, {@code
 * /files/**}, {@code /actuator/**} and chat are exactly as without it.
 */
public class ConsoleOwnsSpringSecurity implements AutoConfigurationImportFilter {
  static final String BOOT_SECURITY = "org.springframework.boot.security.autoconfigure.";

  @Override
  public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
    boolean[] keep = new boolean[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      keep[i] = candidates[i] == null || !candidates[i].startsWith(BOOT_SECURITY);
    }
    return keep;
  }
}
