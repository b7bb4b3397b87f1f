package ai.omnix.pipeline.core.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (SHA-256) what passes through on its way to storage, and fails as soon as more
 * than {@code limit} bytes arrive, so an oversize upload is stopped without being buffered.
 * Single-threaded use.
 */
public final class HashingInputStream extends FilterInputStream {
  private final long limit;
  private final MessageDigest digest;
  private long count;

  public HashingInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Thrown by a read that passes the limit. */
  public static final class LimitExceededException extends IOException {
    LimitExceededException(long limit) {
      super("upload exceeds " + limit + " bytes");
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
      digest.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
      digest.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported while hashing");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(int n) throws LimitExceededException {
    count += n;
    if (count > limit) {
      throw new LimitExceededException(limit);
    }
  }

  public long count() {
    return count;
  }

  /** The hash of everything read so far; call once, after the last read. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
