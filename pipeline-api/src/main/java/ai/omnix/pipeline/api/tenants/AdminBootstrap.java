package ai.omnix.pipeline.api.tenants;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.core.audit.Actor;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * Makes sure an operator can call the API on a fresh installation: with a configured key, that key
 * is stored (hashed) for the {@code admin} tenant; without one, the first start on an empty store
 * issues a key and logs it once.
 */
public final class AdminBootstrap {
  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
  private static final TenantId ADMIN = new TenantId("admin");

  private static final Actor BOOTSTRAP = Actor.system("bootstrap");

  private final TenantRepository tenants;
  private final ActionAudit audit;

  public AdminBootstrap(TenantRepository tenants, ActionAudit audit) {
    this.tenants = tenants;
    this.audit = audit;
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
      audit.keyStored(
          BOOTSTRAP,
          ADMIN,
          configuredKey,
          "configured",
          () -> tenants.storeKey(ADMIN, configuredKey, true));
      log.info(
          "API key for tenant 'admin' taken from omnix.api.bootstrap-api-key (OMNIX_API_BOOTSTRAPAPIKEY)");
      return;
    }
    if (tenants.count() > 0) {
      return;
    }
    if (ensureTenant()) {
      String key =
          audit.keyIssued(BOOTSTRAP, ADMIN, "bootstrap", () -> tenants.issueKey(ADMIN, true));
      log.warn("Created tenant 'admin'. API key (shown only once, stored hashed): {}", key);
    }
  }

  private boolean ensureTenant() {
    if (tenants.find(ADMIN).isPresent()) {
      return false;
    }
    try {
      audit.tenantCreated(BOOTSTRAP, () -> tenants.create(ADMIN, "Administrator", Plan.ENTERPRISE));
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }
}
