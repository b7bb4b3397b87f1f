package ai.omnix.pipeline.storage.crypto;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Wrapped keys in a map, for tests and single-process tools. */
public final class InMemoryDataKeyStore implements DataKeyStore {
  private final ConcurrentMap<String, WrappedDataKey> keys = new ConcurrentHashMap<>();

  @Override
  public Optional<WrappedDataKey> find(String scope) {
    return Optional.ofNullable(keys.get(scope));
  }

  @Override
  public WrappedDataKey createIfAbsent(WrappedDataKey key) {
    WrappedDataKey existing = keys.putIfAbsent(key.scope(), key);
    return existing != null ? existing : key;
  }

  @Override
  public boolean destroy(String scope) {
    return keys.remove(scope) != null;
  }
}
