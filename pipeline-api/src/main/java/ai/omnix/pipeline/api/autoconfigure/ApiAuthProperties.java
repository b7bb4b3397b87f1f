package ai.omnix.pipeline.api.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Failed API key lookups ({@code omnix.api.auth.*}); see {@code FailedLookupThrottle}.
 *
 * @param unknownKeyCache how long a key found unknown is refused without a lookup
 * @param failureWindow the window in which failed lookups are counted
 * @param maxFailuresPerAddress failed lookups one client address may cause per window
 * @param maxFailures failed lookups all clients together may cause per window
 * @param rememberValidKeys how long a key that authenticated is exempt from the throttle
 */
@ConfigurationProperties("omnix.api.auth")
public record ApiAuthProperties(
    Duration unknownKeyCache,
    Duration failureWindow,
    Integer maxFailuresPerAddress,
    Integer maxFailures,
    Duration rememberValidKeys) {
  public ApiAuthProperties {
    unknownKeyCache = unknownKeyCache == null ? Duration.ofSeconds(30) : unknownKeyCache;
    failureWindow = failureWindow == null ? Duration.ofMinutes(1) : failureWindow;
    maxFailuresPerAddress = maxFailuresPerAddress == null ? 30 : maxFailuresPerAddress;
    maxFailures = maxFailures == null ? 600 : maxFailures;
    rememberValidKeys = rememberValidKeys == null ? Duration.ofHours(24) : rememberValidKeys;
  }
}
