package ai.omnix.pipeline.storage.gcs;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.storage.ByteRange;
import ai.omnix.pipeline.storage.ContentTypes;
import ai.omnix.pipeline.storage.DeclaredLengthInputStream;
import ai.omnix.pipeline.storage.KeyPrefix;
import ai.omnix.pipeline.storage.LimitedInputStream;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.Storage.CopyRequest;
import com.google.cloud.storage.Storage.SignUrlOption;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Blobs as objects of one Google Cloud Storage bucket, optionally under a key prefix.
 *
 * <p>Writes stream through a resumable upload ({@link Storage#writer}) in {@value #CHUNK_SIZE_MIB}
 * MiB chunks; a failed write is never closed, so GCS never finalises a partial object (the
 * unfinished session expires). Reads stream through {@link Storage#reader} pinned to the generation
 * seen when opening, so an overwrite during a read cannot mix versions. {@code put} reports the
 * local time as the last-modified instant. {@code presignedGet} signs V4 URLs when the credentials
 * can sign (a service account key, or IAM signBlob), and is empty otherwise.
 */
public final class GcsBlobStore implements BlobStore, AutoCloseable {
  static final int CHUNK_SIZE_MIB = 8;
  private static final int CHUNK_SIZE = CHUNK_SIZE_MIB * 1024 * 1024;
  private static final int READ_CHUNK_SIZE = 2 * 1024 * 1024;
  private static final int COPY_BUFFER = 64 * 1024;
  private static final int PAGE_SIZE = 1000;
  private static final Duration MAX_PRESIGN = Duration.ofDays(7);

  private final Storage storage;
  private final boolean ownsStorage;
  private final String bucket;
  private final KeyPrefix prefix;
  private final String kmsKeyName;

  /**
   * Builds its own client from the config: the credentials file when set, else Application Default
   * Credentials.
   */
  public GcsBlobStore(GcsBlobStoreConfig config) throws IOException {
    this(buildStorage(config), config, true);
  }

  /** Uses a client built elsewhere (an emulator, a test fake); {@link #close()} leaves it open. */
  public GcsBlobStore(Storage storage, GcsBlobStoreConfig config) {
    this(storage, config, false);
  }

  private GcsBlobStore(Storage storage, GcsBlobStoreConfig config, boolean ownsStorage) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.ownsStorage = ownsStorage;
    this.bucket = config.bucket();
    this.prefix = config.keyPrefix();
    this.kmsKeyName = config.kmsKeyName();
  }

  private static Storage buildStorage(GcsBlobStoreConfig config) throws IOException {
    StorageOptions.Builder options = StorageOptions.newBuilder();
    if (config.projectId() != null) {
      options.setProjectId(config.projectId());
    }
    if (config.credentialsFile() != null) {
      try (InputStream in = Files.newInputStream(config.credentialsFile())) {
        options.setCredentials(GoogleCredentials.fromStream(in));
      }
    }
    return options.build().getService();
  }

  @Override
  public String backend() {
    return "gcs";
  }

  @Override
  public BlobMetadata put(BlobKey key, InputStream content, long contentLength, String contentType)
      throws IOException {
    String type = ContentTypes.orDefault(contentType);
    DeclaredLengthInputStream in = new DeclaredLengthInputStream(content, contentLength);
    BlobInfo info = BlobInfo.newBuilder(blobId(key)).setContentType(type).build();
    BlobWriteOption[] options =
        kmsKeyName == null
            ? new BlobWriteOption[0]
            : new BlobWriteOption[] {BlobWriteOption.kmsKeyName(kmsKeyName)};
    try {
      WriteChannel writer = storage.writer(info, options);
      writer.setChunkSize(CHUNK_SIZE);
      byte[] buffer = new byte[COPY_BUFFER];
      int n;
      while ((n = in.read(buffer)) != -1) {
        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
        while (bb.hasRemaining()) {
          writer.write(bb);
        }
      }
      // Only a successful close finalises the object: on any failure above, the writer is
      // deliberately left open.
      writer.close();
    } catch (BaseServiceException e) {
      throw failure("put", key, e);
    } catch (IOException e) {
      throw unwrap("put", key, e);
    }
    return new BlobMetadata(key, in.count(), type, Instant.now());
  }

  @Override
  public Optional<BlobMetadata> head(BlobKey key) throws IOException {
    return get(key).map(blob -> metadataOf(key, blob));
  }

  private Optional<Blob> get(BlobKey key) throws IOException {
    try {
      return Optional.ofNullable(storage.get(blobId(key)));
    } catch (BaseServiceException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw failure("head", key, e);
    }
  }

  @Override
  public InputStream open(BlobKey key) throws IOException {
    return open(key, 0, -1);
  }

  @Override
  public InputStream open(BlobKey key, long offset, long length) throws IOException {
    ByteRange range = new ByteRange(offset, length);
    Blob blob = get(key).orElseThrow(() -> new NoSuchBlobException(key));
    long size = blob.getSize() == null ? 0 : blob.getSize();
    if (range.isEmpty() || range.offset() >= size) {
      return InputStream.nullInputStream();
    }
    ReadChannel reader = null;
    try {
      reader = storage.reader(BlobId.of(bucket, prefix.objectName(key), blob.getGeneration()));
      reader.setChunkSize(READ_CHUNK_SIZE);
      if (range.offset() > 0) {
        reader.seek(range.offset());
      }
      long end = Math.min(size, range.endExclusive());
      reader.limit(end);
      // The limit again on our side: some channel implementations read whole chunks past it.
      return new LimitedInputStream(new ReadChannelInputStream(reader, key), end - range.offset());
    } catch (BaseServiceException | IOException e) {
      closeQuietly(reader);
      if (e instanceof BaseServiceException bse) {
        throw failure("open", key, bse);
      }
      throw unwrap("open", key, (IOException) e);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  @Override
  public List<BlobMetadata> list(BlobKey prefixKey, int max) throws IOException {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0");
    }
    List<BlobMetadata> out = new ArrayList<>(Math.min(max, PAGE_SIZE));
    if (max == 0) {
      return out;
    }
    try {
      for (Blob blob :
          storage
              .list(
                  bucket,
                  BlobListOption.prefix(prefix.listPrefix(prefixKey)),
                  BlobListOption.pageSize(Math.min(max, PAGE_SIZE)))
              .iterateAll()) {
        Optional<BlobKey> key = prefix.keyOf(blob.getName());
        if (key.isPresent() && key.get().isUnder(prefixKey)) {
          out.add(metadataOf(key.get(), blob));
          if (out.size() >= max) {
            break;
          }
        }
      }
    } catch (BaseServiceException e) {
      throw failure("list", prefixKey, e);
    }
    return out;
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    try {
      return storage.delete(blobId(key));
    } catch (BaseServiceException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw failure("delete", key, e);
    }
  }

  @Override
  public void copy(BlobKey source, BlobKey target) throws IOException {
    Blob from = get(source).orElseThrow(() -> new NoSuchBlobException(source));
    if (source.equals(target)) {
      return;
    }
    BlobTargetOption[] options =
        kmsKeyName == null
            ? new BlobTargetOption[0]
            : new BlobTargetOption[] {BlobTargetOption.kmsKeyName(kmsKeyName)};
    // The generation pins the copy to the version just read, and the target's metadata is given
    // explicitly
    // (emulators do not all carry the source's metadata over).
    BlobInfo to =
        BlobInfo.newBuilder(blobId(target))
            .setContentType(
                from.getContentType() == null ? ContentTypes.DEFAULT : from.getContentType())
            .build();
    try {
      storage
          .copy(
              CopyRequest.newBuilder()
                  .setSource(BlobId.of(bucket, prefix.objectName(source), from.getGeneration()))
                  .setTarget(to, options)
                  .build())
          .getResult();
    } catch (BaseServiceException e) {
      if (e.getCode() == 404) {
        throw new NoSuchBlobException(source);
      }
      throw failure("copy", source, e);
    }
  }

  @Override
  public Optional<URI> presignedGet(BlobKey key, Duration expiresIn, DownloadHeaders headers)
      throws IOException {
    if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_PRESIGN) > 0) {
      throw new IllegalArgumentException("expiry must be positive and at most 7 days");
    }
    try {
      return Optional.of(
          storage
              .signUrl(
                  BlobInfo.newBuilder(blobId(key)).build(),
                  expiresIn.toSeconds(),
                  TimeUnit.SECONDS,
                  SignUrlOption.withV4Signature(),
                  SignUrlOption.withQueryParams(
                      Map.of(
                          "response-content-disposition",
                          headers.contentDisposition(),
                          "response-content-type",
                          headers.contentType())))
              .toURI());
    } catch (IllegalStateException | ServiceAccountSigner.SigningException e) {
      // Credentials that hold no private key and may not call signBlob (user credentials,
      // emulators, no
      // credentials): the API then serves its own signed link.
      return Optional.empty();
    } catch (URISyntaxException e) {
      throw new IOException("signed URL is not a valid URI", e);
    }
  }

  @Override
  public void close() throws Exception {
    if (ownsStorage) {
      storage.close();
    }
  }

  private BlobId blobId(BlobKey key) {
    return BlobId.of(bucket, prefix.objectName(key));
  }

  private static BlobMetadata metadataOf(BlobKey key, Blob blob) {
    Instant updated =
        blob.getUpdateTimeOffsetDateTime() == null
            ? null
            : blob.getUpdateTimeOffsetDateTime().toInstant();
    return new BlobMetadata(
        key,
        blob.getSize() == null ? 0 : blob.getSize(),
        blob.getContentType() == null ? ContentTypes.DEFAULT : blob.getContentType(),
        updated);
  }

  static IOException failure(String operation, BlobKey key, BaseServiceException e) {
    if (e.getCode() == 404 && !operation.equals("put") && !operation.equals("list")) {
      return new NoSuchBlobException(key);
    }
    return new IOException("GCS " + operation + " of " + key + " failed: " + e.getMessage(), e);
  }

  /**
   * The channels wrap service errors in IOExceptions; a 404 among them means the blob (generation)
   * is gone.
   */
  static IOException unwrap(String operation, BlobKey key, IOException e) {
    if (e instanceof NoSuchBlobException) {
      return e;
    }
    if (e.getCause() instanceof BaseServiceException bse
        && bse.getCode() == 404
        && !operation.equals("put")) {
      return new NoSuchBlobException(key);
    }
    return e;
  }

  private static void closeQuietly(ReadChannel reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (RuntimeException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  /** A ReadChannel as an InputStream whose errors are all IOExceptions. */
  private static final class ReadChannelInputStream extends InputStream {
    /**
     * InputStream.read must block until a byte arrives; a blocking channel returns 0 only
     * transiently.
     */
    private static final int MAX_EMPTY_READS = 1000;

    private final ReadChannel channel;
    private final BlobKey key;

    ReadChannelInputStream(ReadChannel channel, BlobKey key) {
      this.channel = channel;
      this.key = key;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      try {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        for (int attempt = 0; attempt < MAX_EMPTY_READS; attempt++) {
          int n = channel.read(buffer);
          if (n != 0) {
            return n;
          }
        }
        throw new IOException("GCS read of " + key + " made no progress");
      } catch (BaseServiceException e) {
        throw failure("read", key, e);
      } catch (IOException e) {
        throw unwrap("read", key, e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } catch (BaseServiceException e) {
        throw failure("close", key, e);
      }
    }
  }
}
