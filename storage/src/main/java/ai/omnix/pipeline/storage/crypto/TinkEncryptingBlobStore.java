package ai.omnix.pipeline.storage.crypto;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.storage.ByteRange;
import ai.omnix.pipeline.storage.ContentTypes;
import ai.omnix.pipeline.storage.DeclaredLengthInputStream;
import ai.omnix.pipeline.storage.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encrypts every blob it writes with its tenant's data key ({@link DataKeys}, Tink streaming AEAD
 * {@code AES256_GCM_HKDF_1MB}) before the wrapped backend stores it, and decrypts on the way out.
 * Callers see plaintext only: sizes from {@code put}, {@code head} and {@code list} are plaintext
 * sizes, ranges are plaintext ranges (decrypted with Tink's seekable channel, reading only the
 * segments that hold the range), content types are the ones given.
 *
 * <p>Uploads stream: plaintext is encrypted a chunk at a time as the backend reads ({@link
 * EncryptingInputStream}), with the exact stored length passed on when the plaintext length is
 * known. A blob without the encryption flag ({@link EncryptedBlobFormat}) was written before
 * encryption was turned on and is read as it is. Blobs are bound to their tenant: copying within a
 * tenant copies ciphertext, copying to another tenant re-encrypts. Presigned URLs would hand out
 * ciphertext, so an encrypted blob has none (the API then serves its own signed link through this
 * store). A blob whose key was destroyed fails to open with an {@link IOException}.
 */
public final class TinkEncryptingBlobStore implements BlobStore {
  private final BlobStore backend;
  private final DataKeys keys;

  public TinkEncryptingBlobStore(BlobStore backend, DataKeys keys) {
    this.backend = backend;
    this.keys = keys;
  }

  /** The store that holds the ciphertext. */
  public BlobStore backendStore() {
    return backend;
  }

  @Override
  public String backend() {
    return backend.backend();
  }

  @Override
  public BlobMetadata put(BlobKey key, InputStream content, long contentLength, String contentType)
      throws IOException {
    String type = ContentTypes.orDefault(contentType);
    if (type.length() + EncryptedBlobFormat.TYPE_MARKER.length() > ContentTypes.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "content type longer than "
              + (ContentTypes.MAX_LENGTH - EncryptedBlobFormat.TYPE_MARKER.length())
              + " characters");
    }
    String scope = DataKeys.scopeOf(key);
    DataKeys.DataKey dataKey;
    try {
      dataKey = keys.forWriting(scope);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot get the data key of " + scope + ": " + e.getMessage(), e);
    }
    DeclaredLengthInputStream plaintext = new DeclaredLengthInputStream(content, contentLength);
    InputStream ciphertext =
        new EncryptingInputStream(
            plaintext,
            dataKey.aead(),
            EncryptedBlobFormat.header(dataKey.id()),
            DataKeys.blobAssociatedData(scope));
    long storedLength = contentLength < 0 ? -1 : EncryptedBlobFormat.storedSize(contentLength);
    BlobMetadata stored =
        backend.put(key, ciphertext, storedLength, type + EncryptedBlobFormat.TYPE_MARKER);
    return new BlobMetadata(key, plaintext.count(), type, stored.lastModified());
  }

  @Override
  public Optional<BlobMetadata> head(BlobKey key) throws IOException {
    return backend.head(key).map(TinkEncryptingBlobStore::plain);
  }

  @Override
  public InputStream open(BlobKey key) throws IOException {
    return open(key, 0, -1);
  }

  @Override
  public InputStream open(BlobKey key, long offset, long length) throws IOException {
    ByteRange range = new ByteRange(offset, length);
    BlobMetadata stored = backend.head(key).orElseThrow(() -> new NoSuchBlobException(key));
    if (!EncryptedBlobFormat.isEncryptedType(stored.contentType())) {
      return backend.open(key, offset, length); // written before encryption
    }
    String scope = DataKeys.scopeOf(key);
    if (range.isWhole()) {
      InputStream in = backend.open(key);
      try {
        DataKeys.DataKey dataKey =
            keyOf(key, scope, in.readNBytes(EncryptedBlobFormat.HEADER_LENGTH));
        return dataKey.aead().newDecryptingStream(in, DataKeys.blobAssociatedData(scope));
      } catch (GeneralSecurityException | IOException | RuntimeException e) {
        in.close();
        throw e instanceof GeneralSecurityException g ? decryptionFailed(key, g) : rethrow(e);
      }
    }
    long plaintextSize = EncryptedBlobFormat.plaintextSize(stored.size());
    if (plaintextSize < 0) {
      throw new IOException("encrypted blob " + key + " has an impossible size: truncated?");
    }
    if (range.isEmpty() || offset >= plaintextSize) {
      // Tink's channel answers 0 (not -1) at its end, which an InputStream over it would spin on
      return InputStream.nullInputStream();
    }
    byte[] header;
    try (InputStream in = backend.open(key, 0, EncryptedBlobFormat.HEADER_LENGTH)) {
      header = in.readNBytes(EncryptedBlobFormat.HEADER_LENGTH);
    }
    DataKeys.DataKey dataKey = keyOf(key, scope, header);
    BlobRangeChannel ciphertext =
        new BlobRangeChannel(backend, key, EncryptedBlobFormat.HEADER_LENGTH, stored.size());
    try {
      SeekableByteChannel plaintext =
          dataKey
              .aead()
              .newSeekableDecryptingChannel(ciphertext, DataKeys.blobAssociatedData(scope));
      plaintext.position(offset);
      InputStream in = Channels.newInputStream(plaintext);
      long toEnd = plaintextSize - offset;
      return new LimitedInputStream(in, range.isToEnd() ? toEnd : Math.min(range.length(), toEnd));
    } catch (GeneralSecurityException e) {
      ciphertext.close();
      throw decryptionFailed(key, e);
    } catch (IOException | RuntimeException e) {
      ciphertext.close();
      throw e;
    }
  }

  @Override
  public List<BlobMetadata> list(BlobKey prefix, int max) throws IOException {
    List<BlobMetadata> stored = backend.list(prefix, max);
    List<BlobMetadata> out = new ArrayList<>(stored.size());
    for (BlobMetadata m : stored) {
      out.add(plain(m));
    }
    return out;
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    return backend.delete(key);
  }

  @Override
  public void copy(BlobKey source, BlobKey target) throws IOException {
    if (DataKeys.scopeOf(source).equals(DataKeys.scopeOf(target))) {
      backend.copy(source, target); // same key, same associated data: the ciphertext is valid there
      return;
    }
    BlobMetadata head = head(source).orElseThrow(() -> new NoSuchBlobException(source));
    try (InputStream in = open(source)) {
      put(target, in, head.size(), head.contentType());
    }
  }

  /** Empty for an encrypted blob: a backend's URL would serve ciphertext. */
  @Override
  public Optional<URI> presignedGet(BlobKey key, Duration expiresIn, DownloadHeaders headers)
      throws IOException {
    Optional<BlobMetadata> stored = backend.head(key);
    if (stored.isPresent() && EncryptedBlobFormat.isEncryptedType(stored.get().contentType())) {
      return Optional.empty();
    }
    return backend.presignedGet(key, expiresIn, headers);
  }

  private DataKeys.DataKey keyOf(BlobKey key, String scope, byte[] header) throws IOException {
    long id = EncryptedBlobFormat.keyIdOf(header);
    try {
      return keys.forReading(scope, id)
          .orElseThrow(
              () ->
                  new IOException(
                      "the data key of blob "
                          + key
                          + " was destroyed (tenant erased): its content cannot be decrypted"));
    } catch (GeneralSecurityException e) {
      throw decryptionFailed(key, e);
    }
  }

  private static BlobMetadata plain(BlobMetadata stored) {
    if (!EncryptedBlobFormat.isEncryptedType(stored.contentType())) {
      return stored;
    }
    return new BlobMetadata(
        stored.key(),
        Math.max(0, EncryptedBlobFormat.plaintextSize(stored.size())),
        EncryptedBlobFormat.plainType(stored.contentType()),
        stored.lastModified());
  }

  private static IOException decryptionFailed(BlobKey key, GeneralSecurityException e) {
    return new IOException("cannot decrypt blob " + key + ": " + e.getMessage(), e);
  }

  private static IOException rethrow(Exception e) throws IOException {
    if (e instanceof IOException io) {
      throw io;
    }
    throw (RuntimeException) e;
  }
}
