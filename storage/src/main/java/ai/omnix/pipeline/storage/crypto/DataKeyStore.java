package ai.omnix.pipeline.storage.crypto;

import java.time.Instant;
import java.util.Optional;

/**
 * Where wrapped data keys live: one per scope (a tenant's {@code tenants/<id>}), as a Tink keyset
 * encrypted by the master key. The store never sees a key in clear. Implementations are
 * thread-safe; {@link #createIfAbsent} is atomic across processes.
 */
public interface DataKeyStore {

  /**
   * A scope's wrapped keyset.
   *
   * @param id random, written into every blob the key encrypts, so a reader notices a key that was
   *     destroyed and created anew
   */
  record WrappedDataKey(String scope, long id, byte[] wrappedKeyset, Instant createdAt) {}

  Optional<WrappedDataKey> find(String scope);

  /** Stores {@code key} unless the scope has one already; returns the one the scope has now. */
  WrappedDataKey createIfAbsent(WrappedDataKey key);

  /** Deletes the scope's key; false when it had none. */
  boolean destroy(String scope);
}
