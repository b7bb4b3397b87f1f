package ai.omnix.pipeline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The caller's upload stream as a backend reads it: it fails with an {@link IOException} as soon as
 * the content turns out shorter or longer than the declared length (so a backend aborts instead of
 * storing a truncated blob), counts the bytes read, and never closes the caller's stream ({@code
 * BlobStore.put} promises not to).
 */
public final class DeclaredLengthInputStream extends InputStream {
  private final InputStream in;
  private final long declared;
  private long count;
  private boolean eof;

  /**
   * Kept so that a client that retries after reset (the AWS SDK does) meets the same failure again.
   */
  private String failure;

  /**
   * @param declared the exact length, or -1 when unknown (then only counted)
   */
  public DeclaredLengthInputStream(InputStream in, long declared) {
    this.in = Objects.requireNonNull(in, "content");
    if (declared < -1) {
      throw new IllegalArgumentException("content length must be >= 0, or -1 when unknown");
    }
    this.declared = declared;
  }

  /** Bytes read so far. */
  public long count() {
    return count;
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
    if (failure != null) {
      throw new IOException(failure);
    }
    if (eof) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    if (declared >= 0 && count == declared) {
      expectEnd();
      return -1;
    }
    int want = declared >= 0 ? (int) Math.min(len, declared - count) : len;
    int n;
    try {
      n = in.read(b, off, want);
    } catch (IOException e) {
      failure = "reading the content failed: " + e.getMessage();
      throw e;
    }
    if (n == -1) {
      eof = true;
      if (declared >= 0 && count < declared) {
        throw fail("content ended after " + count + " of " + declared + " declared bytes");
      }
      return -1;
    }
    count += n;
    if (declared >= 0 && count == declared) {
      // Backends stop reading once they have the declared bytes; look one byte further here so that
      // too much
      // content fails the upload instead of being silently cut.
      expectEnd();
    }
    return n;
  }

  private void expectEnd() throws IOException {
    if (!eof) {
      int next;
      try {
        next = in.read();
      } catch (IOException e) {
        failure = "reading the content failed: " + e.getMessage();
        throw e;
      }
      if (next != -1) {
        throw fail("content is longer than the declared " + declared + " bytes");
      }
      eof = true;
    }
  }

  private IOException fail(String message) {
    failure = message;
    return new IOException(message);
  }

  /** Leaves the caller's stream open. */
  @Override
  public void close() {}
}
