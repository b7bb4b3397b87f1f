package ai.omnix.pipeline.storage.crypto;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.DataKeyShredder;
import ai.omnix.pipeline.core.tenant.TenantId;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The data keys of blobs: one Tink streaming AEAD keyset ({@code AES256_GCM_HKDF_1MB}) per scope,
 * created on the scope's first write, stored wrapped by the master key (with the scope as
 * associated data, so a wrapped key cannot be moved to another scope), and cached unwrapped for
 * {@code cacheFor}. Thread-safe.
 *
 * <p>The scope of a key is its tenant ({@code tenants/<id>}); a key outside {@code tenants/} (none
 * in production) is scoped by its first segment.
 */
public final class DataKeys implements DataKeyShredder {
  private static final int MAX_CACHED = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** An unwrapped data key. */
  record DataKey(long id, StreamingAead aead) {}

  private record Cached(DataKey key, Instant loadedAt) {}

  private final DataKeyStore store;
  private final Aead masterKey;
  private final Clock clock;
  private final Duration cacheFor;
  private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

  public DataKeys(DataKeyStore store, Aead masterKey, Clock clock, Duration cacheFor) {
    this.store = store;
    this.masterKey = masterKey;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** The scope of a blob key: {@code tenants/<id>} for a tenant's blobs. */
  public static String scopeOf(BlobKey key) {
    String value = key.value();
    int first = value.indexOf('/');
    if (first < 0) {
      return value;
    }
    if (value.startsWith("tenants/")) {
      int second = value.indexOf('/', first + 1);
      return second < 0 ? value : value.substring(0, second);
    }
    return value.substring(0, first);
  }

  /** The key new blobs of the scope are encrypted with, created when the scope has none. */
  DataKey forWriting(String scope) throws GeneralSecurityException {
    Cached cached = cache.get(scope);
    if (cached != null && fresh(cached)) {
      return cached.key();
    }
    Optional<DataKeyStore.WrappedDataKey> stored = store.find(scope);
    DataKeyStore.WrappedDataKey wrapped =
        stored.isPresent() ? stored.get() : store.createIfAbsent(newKey(scope));
    return remember(scope, unwrap(wrapped));
  }

  /** The key with {@code id} of the scope; empty when it was destroyed (or never existed). */
  Optional<DataKey> forReading(String scope, long id) throws GeneralSecurityException {
    Cached cached = cache.get(scope);
    if (cached != null && fresh(cached) && cached.key().id() == id) {
      return Optional.of(cached.key());
    }
    Optional<DataKeyStore.WrappedDataKey> stored = store.find(scope);
    if (stored.isEmpty()) {
      cache.remove(scope);
      return Optional.empty();
    }
    DataKey key = remember(scope, unwrap(stored.get()));
    return key.id() == id ? Optional.of(key) : Optional.empty();
  }

  /** Destroys the scope's key: its blobs, wherever a copy survives, cannot be decrypted again. */
  public boolean destroy(String scope) {
    cache.remove(scope);
    boolean existed = store.destroy(scope);
    cache.remove(scope);
    return existed;
  }

  @Override
  public boolean destroyTenantKey(TenantId tenant) {
    return destroy("tenants/" + tenant.value());
  }

  private boolean fresh(Cached cached) {
    return cached.loadedAt().plus(cacheFor).isAfter(clock.instant());
  }

  private DataKey remember(String scope, DataKey key) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear(); // bounded; keys reload from the store on demand
    }
    cache.put(scope, new Cached(key, clock.instant()));
    return key;
  }

  private DataKeyStore.WrappedDataKey newKey(String scope) throws GeneralSecurityException {
    KeysetHandle keyset =
        KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
    byte[] wrapped =
        TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, masterKey, associatedData(scope));
    return new DataKeyStore.WrappedDataKey(scope, RANDOM.nextLong(), wrapped, clock.instant());
  }

  private DataKey unwrap(DataKeyStore.WrappedDataKey wrapped) throws GeneralSecurityException {
    KeysetHandle keyset =
        TinkProtoKeysetFormat.parseEncryptedKeyset(
            wrapped.wrappedKeyset(), masterKey, associatedData(wrapped.scope()));
    // the primitive of the one key directly: the keyset wrapper's seekable channel cannot tell its
    // size before a first read, which positioning a range needs
    if (keyset.size() != 1
        || !(keyset.getPrimary().getKey() instanceof AesGcmHkdfStreamingKey key)) {
      throw new GeneralSecurityException(
          "data key of " + wrapped.scope() + " is not one AES-GCM-HKDF streaming key");
    }
    return new DataKey(wrapped.id(), AesGcmHkdfStreaming.create(key));
  }

  private static byte[] associatedData(String scope) {
    return ("omnix-data-key:" + scope).getBytes(StandardCharsets.UTF_8);
  }

  /** What blobs of the scope are bound to: a ciphertext moved to another scope fails to decrypt. */
  static byte[] blobAssociatedData(String scope) {
    return ("omnix-blob:" + scope).getBytes(StandardCharsets.UTF_8);
  }
}
