package ai.omnix.pipeline.providers.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with {@link TooLargeException} once more than {@code max} bytes were read: the bound on
 * anything an outside party sends (answers, generated files), where a truncated copy would be
 * wrong. (Storage's {@code LimitedInputStream} is another idea: a window that ends quietly, for
 * byte ranges.)
 */
public final class BoundedInputStream extends FilterInputStream {
  private final long max;
  private long read;

  /** More than the bound was sent. */
  public static final class TooLargeException extends IOException {
    private final long max;

    public TooLargeException(long max) {
      super("more than " + max + " bytes");
      this.max = max;
    }

    public long max() {
      return max;
    }

    /** Whether {@code e} or one of its causes is a {@link TooLargeException}. */
    public static boolean in(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof TooLargeException) {
          return true;
        }
      }
      return false;
    }
  }

  public BoundedInputStream(InputStream in, long max) {
    super(in);
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0");
    }
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      count(skipped);
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws TooLargeException {
    read += n;
    if (read > max) {
      throw new TooLargeException(max);
    }
  }
}
