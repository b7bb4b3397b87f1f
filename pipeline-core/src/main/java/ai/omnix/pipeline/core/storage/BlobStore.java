package ai.omnix.pipeline.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where asset bytes live: local disk, S3 (or any S3-compatible server), Google Cloud Storage.
 * Implementations stream: no method holds a whole blob in memory. They are thread-safe and hold no
 * per-call state.
 *
 * <p>Errors: a missing key is {@link NoSuchBlobException} from {@code open} and {@code copy}, empty
 * from {@code head}, false from {@code delete}; any other backend failure is an {@link
 * IOException}. Keys are already validated ({@link BlobKey}); implementations still confine them to
 * their root or bucket prefix.
 */
public interface BlobStore {

  /** A short name for logs and metrics: {@code local}, {@code s3}, {@code gcs}. */
  String backend();

  /**
   * Stores {@code content} under {@code key}, replacing any blob there. The stream is read to its
   * end and not closed.
   *
   * @param contentLength the exact length when known, or -1 (implementations then stream in bounded
   *     parts)
   */
  BlobMetadata put(BlobKey key, InputStream content, long contentLength, String contentType)
      throws IOException;

  Optional<BlobMetadata> head(BlobKey key) throws IOException;

  /** Opens the whole blob; the caller closes the stream. */
  InputStream open(BlobKey key) throws IOException;

  /**
   * Opens {@code length} bytes from {@code offset} (to the end when {@code length} is -1); for HTTP
   * range requests.
   */
  InputStream open(BlobKey key, long offset, long length) throws IOException;

  /** Blobs whose keys lie under {@code prefix}, in key order, at most {@code max}. */
  List<BlobMetadata> list(BlobKey prefix, int max) throws IOException;

  /** Returns false when there was nothing to delete. */
  boolean delete(BlobKey key) throws IOException;

  void copy(BlobKey source, BlobKey target) throws IOException;

  /**
   * A URL that lets anyone holding it download the blob until it expires, served by the backend
   * itself with {@code headers} (the backend overrides the stored Content-Type and sets
   * Content-Disposition on its response, and the signature covers both, so a holder cannot change
   * them); empty when the backend cannot sign (local disk: the API then serves its own signed
   * link).
   */
  Optional<URI> presignedGet(BlobKey key, Duration expiresIn, DownloadHeaders headers)
      throws IOException;
}
