package ai.omnix.pipeline.generation.job;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with {@link TooLargeException} once more than {@code max} bytes were read. */
final class BoundedInputStream extends FilterInputStream {
  private final long max;
  private long read;

  static final class TooLargeException extends IOException {
    TooLargeException(long max) {
      super("more than " + max + " bytes");
    }
  }

  BoundedInputStream(InputStream in, long max) {
    super(in);
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

  private void count(long n) throws TooLargeException {
    read += n;
    if (read > max) {
      throw new TooLargeException(max);
    }
  }
}
