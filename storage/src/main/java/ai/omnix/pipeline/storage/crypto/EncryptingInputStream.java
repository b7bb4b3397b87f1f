package ai.omnix.pipeline.storage.crypto;

import com.google.crypto.tink.StreamingAead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The ciphertext of a plaintext stream, pulled: a backend's {@code put} reads it as it reads any
 * upload. Tink encrypts into an {@link OutputStream}; this feeds it one chunk of plaintext at a
 * time and hands out what it wrote, so at most one segment (1 MiB) and one chunk are held, never
 * the blob, and no thread is needed. The plaintext stream is never closed.
 */
final class EncryptingInputStream extends InputStream {
  private static final int CHUNK = 64 * 1024;

  private final InputStream plaintext;
  private final Buffer ciphertext;
  private final OutputStream encrypter;
  private final byte[] chunk = new byte[CHUNK];
  private boolean finished;

  EncryptingInputStream(
      InputStream plaintext, StreamingAead aead, byte[] header, byte[] associatedData)
      throws IOException {
    this.plaintext = Objects.requireNonNull(plaintext);
    this.ciphertext = new Buffer(EncryptedBlobFormat.SEGMENT + CHUNK);
    ciphertext.write(header);
    try {
      this.encrypter = aead.newEncryptingStream(ciphertext, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot start encrypting: " + e.getMessage(), e);
    }
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
    while (ciphertext.available() == 0 && !finished) {
      int n = plaintext.read(chunk, 0, chunk.length);
      if (n < 0) {
        encrypter.close(); // writes the last segment
        finished = true;
      } else {
        encrypter.write(chunk, 0, n);
      }
    }
    if (ciphertext.available() == 0) {
      return -1;
    }
    return ciphertext.drain(b, off, len);
  }

  @Override
  public int available() {
    return ciphertext.available();
  }

  /** A byte queue that Tink writes into and {@link #read} drains. */
  private static final class Buffer extends OutputStream {
    private byte[] bytes;
    private int start;
    private int end;

    Buffer(int capacity) {
      bytes = new byte[capacity];
    }

    int available() {
      return end - start;
    }

    int drain(byte[] b, int off, int len) {
      int n = Math.min(len, end - start);
      System.arraycopy(bytes, start, b, off, n);
      start += n;
      if (start == end) {
        start = 0;
        end = 0;
      }
      return n;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (bytes.length - end < len) {
        System.arraycopy(bytes, start, bytes, 0, end - start);
        end -= start;
        start = 0;
        if (bytes.length - end < len) {
          byte[] grown = new byte[Math.max(bytes.length * 2, end + len)];
          System.arraycopy(bytes, 0, grown, 0, end);
          bytes = grown;
        }
      }
      System.arraycopy(b, off, bytes, end, len);
      end += len;
    }

    @Override
    public void close() {
      // Tink closes its sink when the last segment is written; nothing to release
    }
  }
}
