package ai.omnix.pipeline.lifecycle;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A real backend whose worker "dies" at a given delete: it deletes that many, then throws. */
public final class FailingDeletes implements BlobStore {
  private final BlobStore delegate;
  private final int deletesBeforeDying;
  private final AtomicInteger deletes = new AtomicInteger();

  public FailingDeletes(BlobStore delegate, int deletesBeforeDying) {
    this.delegate = delegate;
    this.deletesBeforeDying = deletesBeforeDying;
  }

  @Override
  public String backend() {
    return delegate.backend();
  }

  @Override
  public BlobMetadata put(BlobKey key, InputStream content, long contentLength, String contentType)
      throws IOException {
    return delegate.put(key, content, contentLength, contentType);
  }

  @Override
  public Optional<BlobMetadata> head(BlobKey key) throws IOException {
    return delegate.head(key);
  }

  @Override
  public InputStream open(BlobKey key) throws IOException {
    return delegate.open(key);
  }

  @Override
  public InputStream open(BlobKey key, long offset, long length) throws IOException {
    return delegate.open(key, offset, length);
  }

  @Override
  public List<BlobMetadata> list(BlobKey prefix, int max) throws IOException {
    return delegate.list(prefix, max);
  }

  @Override
  public boolean delete(BlobKey key) throws IOException {
    if (deletes.incrementAndGet() > deletesBeforeDying) {
      throw new IOException("the worker died here");
    }
    return delegate.delete(key);
  }

  @Override
  public void copy(BlobKey source, BlobKey target) throws IOException {
    delegate.copy(source, target);
  }

  @Override
  public Optional<URI> presignedGet(BlobKey key, Duration expiresIn, DownloadHeaders headers)
      throws IOException {
    return delegate.presignedGet(key, expiresIn, headers);
  }
}
