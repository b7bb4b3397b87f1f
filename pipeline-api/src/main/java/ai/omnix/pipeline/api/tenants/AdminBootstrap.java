package ai.omnix.pipeline.api.tenants;

import ai.omnix.pipeline.api.auth.SecurityEvents;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * Makes sure an operator can call the API on a fresh installation: with a configured key, that key
 * becomes the {@code admin} tenant's bootstrap key (stored hashed) and every bootstrap key
 * installed before it is revoked, so rotating is changing the setting and restarting; without one,
 * the first start on an empty store issues a bootstrap key and logs it once.
 */
public final class AdminBootstrap {
  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  private static final TenantId ADMIN = new TenantId("admin");

  /** The key docker-compose.yml falls back to: public, for local use only. */
  static final String PUBLIC_DEFAULT_KEY = "omx_local_dev_only_not_a_secret";

  private final TenantRepository tenants;
  private final SecurityEvents events;

  public AdminBootstrap(TenantRepository tenants, SecurityEvents events) {
    this.tenants = tenants;
    this.events = events;
  }

  public void ensureAdmin(String configuredKey) {
    if (configuredKey != null && !configuredKey.isBlank()) {
      if (!ApiKeys.isPlausible(configuredKey)) {
        throw new IllegalStateException(
            "omnix.api.bootstrap-api-key must start with '"
                + ApiKeys.PREFIX
                + "' and have 20 to 200 printable characters");
      }
      ensureTenant();
      TenantRepository.BootstrapInstall install;
      try {
        install = tenants.installBootstrapKey(ADMIN, configuredKey);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "omnix.api.bootstrap-api-key (OMNIX_API_BOOTSTRAPAPIKEY) was revoked since it was"
                + " installed; set a new key",
            e);
      }
      if (install.installed()) {
        events.keyIssued(ADMIN, install.keyId(), true, "bootstrap");
      }
      for (UUID revoked : install.revoked()) {
        events.keyRevoked(ADMIN, revoked, "bootstrap-rotated");
      }
      log.info(
          "API key for tenant 'admin' taken from omnix.api.bootstrap-api-key"
              + " (OMNIX_API_BOOTSTRAPAPIKEY); {} earlier bootstrap key(s) revoked",
          install.revoked().size());
      if (PUBLIC_DEFAULT_KEY.equals(configuredKey)) {
        log.warn(
            "The bootstrap API key is docker-compose's public default: anyone who can reach this"
                + " API is an admin. Set OMNIX_API_BOOTSTRAPAPIKEY to a secret key; restarting"
                + " with it revokes this one.");
      }
      return;
    }
    if (tenants.count() > 0) {
      return;
    }
    if (ensureTenant()) {
      TenantRepository.IssuedKey key = tenants.issueBootstrapKey(ADMIN);
      events.keyIssued(ADMIN, key.id(), true, "bootstrap");
      log.warn("Created tenant 'admin'. API key (shown only once, stored hashed): {}", key.key());
    }
  }

  private boolean ensureTenant() {
    if (tenants.find(ADMIN).isPresent()) {
      return false;
    }
    try {
      tenants.create(ADMIN, "Administrator", Plan.ENTERPRISE);
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }
}
