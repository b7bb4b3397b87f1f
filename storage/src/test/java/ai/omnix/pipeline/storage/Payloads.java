package ai.omnix.pipeline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Test data: deterministic pseudo-random payloads, in memory or generated as a stream of any size.
 */
public final class Payloads {
  private Payloads() {}

  /** {@code size} pseudo-random bytes from {@code seed}. */
  public static byte[] aPayload(int size, long seed) {
    try {
      return aGeneratedStream(size, seed).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A stream of {@code size} pseudo-random bytes from {@code seed}, generated as read (nothing held
   * in memory), and hiding its length ({@code available()} is 0) like a network upload.
   */
  public static InputStream aGeneratedStream(long size, long seed) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private long remaining = size;
      private final byte[] block = new byte[8];
      private int blockPos = block.length;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
          return -1;
        }
        int n = (int) Math.min(len, remaining);
        for (int i = 0; i < n; i++) {
          if (blockPos == block.length) {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++) {
              block[j] = (byte) (v >>> (8 * j));
            }
            blockPos = 0;
          }
          b[off + i] = block[blockPos++];
        }
        remaining -= n;
        return n;
      }
    };
  }

  /** A stream that yields {@code before} bytes and then fails, as a dropped upload does. */
  public static InputStream aStreamFailingAfter(long before) {
    InputStream data = aGeneratedStream(before, 7);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int b = data.read();
        if (b == -1) {
          throw new IOException("client went away");
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = data.read(b, off, len);
        if (n == -1) {
          throw new IOException("client went away");
        }
        return n;
      }
    };
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Reads the stream to its end (and closes it). */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest md = digest();
    try (in) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
