package ai.omnix.pipeline.api.auth;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where security-relevant actions are reported: keys issued and revoked, failed
 * authentications. Today they are logged (never a key, only its id or prefix); the audit log will
 * implement this interface and write them durably. Implementations must be thread-safe and must not
 * throw.
 */
public interface SecurityEvents {

  /** A key was issued for {@code tenant}; {@code reason} says how (api, bootstrap, tenant). */
  void keyIssued(TenantId tenant, UUID keyId, boolean admin, String reason);

  /** A key was revoked; {@code reason} says why (api, bootstrap-rotated). */
  void keyRevoked(TenantId tenant, UUID keyId, String reason);

  /**
   * An API request was refused for its credentials ({@code reason}: missing, malformed, unknown,
   * throttled) from {@code address}.
   */
  void authenticationFailed(String address, String reason, String path);

  /** Logs the events; the default until the audit log exists. */
  static SecurityEvents logging() {
    Logger log = LoggerFactory.getLogger(SecurityEvents.class);
    return new SecurityEvents() {
      @Override
      public void keyIssued(TenantId tenant, UUID keyId, boolean admin, String reason) {
        log.info(
            "API key {} issued for tenant {} (admin: {}, {})",
            keyId,
            tenant.value(),
            admin,
            reason);
      }

      @Override
      public void keyRevoked(TenantId tenant, UUID keyId, String reason) {
        log.info("API key {} of tenant {} revoked ({})", keyId, tenant.value(), reason);
      }

      @Override
      public void authenticationFailed(String address, String reason, String path) {
        log.debug("authentication failed from {} ({}) for {}", address, reason, path);
      }
    };
  }
}
