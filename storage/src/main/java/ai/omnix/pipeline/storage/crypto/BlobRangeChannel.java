package ai.omnix.pipeline.storage.crypto;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over part of a stored blob (from {@code start} to its
 * end), made of the backend's range reads: a read at a new position opens a range there, reads that
 * follow continue the same stream. Tink's seekable decryption reads the header, then the segments
 * of the wanted range, so a range read costs two backend reads.
 */
final class BlobRangeChannel implements SeekableByteChannel {
  private final BlobStore backend;
  private final BlobKey key;
  private final long start;
  private final long size;
  private long position;
  private InputStream stream;
  private long streamPosition = -1;
  private boolean open = true;

  BlobRangeChannel(BlobStore backend, BlobKey key, long start, long storedSize) {
    this.backend = backend;
    this.key = key;
    this.start = start;
    this.size = Math.max(0, storedSize - start);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (stream == null || streamPosition != position) {
      closeStream();
      stream = backend.open(key, start + position, -1);
      streamPosition = position;
    }
    int want = (int) Math.min(dst.remaining(), size - position);
    int n;
    if (dst.hasArray()) {
      n = stream.read(dst.array(), dst.arrayOffset() + dst.position(), want);
      if (n > 0) {
        dst.position(dst.position() + n);
      }
    } else {
      byte[] tmp = new byte[want];
      n = stream.read(tmp, 0, want);
      if (n > 0) {
        dst.put(tmp, 0, n);
      }
    }
    if (n < 0) {
      throw new IOException("blob " + key + " ended before its stored size: changed meanwhile?");
    }
    position += n;
    streamPosition += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("position must be >= 0");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    closeStream();
  }

  private void closeStream() throws IOException {
    if (stream != null) {
      InputStream s = stream;
      stream = null;
      s.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
