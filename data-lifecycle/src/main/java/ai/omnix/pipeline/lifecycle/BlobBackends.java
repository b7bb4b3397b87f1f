package ai.omnix.pipeline.lifecycle;

import ai.omnix.pipeline.core.storage.BlobStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every configured {@link BlobStore}, by its {@link BlobStore#backend() backend name}: the name an
 * asset row records. Deletions go to the backend the row names, and a row naming a backend this
 * process does not have is an error (its bytes cannot be removed, nor their absence verified),
 * never skipped. Immutable, thread-safe.
 */
public final class BlobBackends {
  private final Map<String, BlobStore> stores;

  public BlobBackends(Collection<? extends BlobStore> stores) {
    Map<String, BlobStore> byName = new LinkedHashMap<>();
    for (BlobStore store : stores) {
      if (byName.putIfAbsent(store.backend(), store) != null) {
        throw new IllegalStateException("two blob stores for backend " + store.backend());
      }
    }
    this.stores = java.util.Collections.unmodifiableMap(byName);
  }

  /**
   * @throws IllegalStateException when no store of that backend is configured here
   */
  public BlobStore get(String backend) {
    BlobStore store = stores.get(backend);
    if (store == null) {
      throw new IllegalStateException(
          "an asset lives on backend '"
              + backend
              + "', which this process does not configure (have: "
              + stores.keySet()
              + "); configure it on the workers that run lifecycle jobs");
    }
    return store;
  }

  public Set<String> names() {
    return stores.keySet();
  }

  public Collection<BlobStore> all() {
    return stores.values();
  }
}
