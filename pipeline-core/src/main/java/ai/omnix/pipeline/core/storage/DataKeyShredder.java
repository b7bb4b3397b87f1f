package ai.omnix.pipeline.core.storage;

import ai.omnix.pipeline.core.tenant.TenantId;

/**
 * Destroys a tenant's blob data key (crypto-shredding): every blob encrypted with it, including
 * copies outside the store (backups), can no longer be decrypted. Thread-safe; destroying a key
 * that does not exist is not an error. Processes that cached the key drop it within their cache's
 * lifetime.
 */
public interface DataKeyShredder {

  /** Returns true when the tenant had a key and it is now gone, false when it had none. */
  boolean destroyTenantKey(TenantId tenant);
}
