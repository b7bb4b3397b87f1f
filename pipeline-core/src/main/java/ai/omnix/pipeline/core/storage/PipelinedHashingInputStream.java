package ai.omnix.pipeline.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Like {@link HashingInputStream} (counts, SHA-256, fails as soon as more than {@code limit} bytes
 * arrive), but the hash is computed on another thread while the caller goes on reading and writing:
 * an upload's thread reads the request and writes storage, a hasher digests the chunks it has
 * already passed on. The source is read in chunks of up to {@value #CHUNK} bytes; at most {@value
 * #BUFFERS} chunks exist per stream, so memory stays bounded and a slow hasher slows the reader
 * down instead of piling up data. When {@code hashers} refuses the task (all its threads busy), the
 * stream hashes on the caller's thread, as {@link HashingInputStream} does.
 *
 * <p>Single-threaded use by the reader. Call {@link #sha256Hex()} once after the last read, or
 * {@link #close()} (which never closes the source) to stop the hasher on a failure path.
 */
public final class PipelinedHashingInputStream extends InputStream {
  static final int CHUNK = 256 * 1024;
  static final int BUFFERS = 4;
  private static final byte[] END = new byte[0];

  private final InputStream in;
  private final long limit;
  private final MessageDigest digest;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> work = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final CompletableFuture<byte[]> hashed = new CompletableFuture<>();
  private final boolean pipelined;

  private byte[] current;
  private int position;
  private int length;
  private long count;
  private boolean eof;
  private boolean finished;

  private record Chunk(byte[] buffer, int length) {}

  public PipelinedHashingInputStream(InputStream in, long limit, Executor hashers) {
    this.in = in;
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    boolean started;
    try {
      hashers.execute(this::hashChunks);
      started = true;
    } catch (RejectedExecutionException e) {
      started = false;
    }
    this.pipelined = started;
    for (int i = 0; i < (pipelined ? BUFFERS - 1 : 0); i++) {
      free.add(new byte[CHUNK]);
    }
    this.current = new byte[CHUNK];
  }

  private void hashChunks() {
    try {
      while (true) {
        Chunk chunk = work.take();
        if (chunk.buffer() == END) {
          hashed.complete(digest.digest());
          return;
        }
        digest.update(chunk.buffer(), 0, chunk.length());
        free.put(chunk.buffer());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      hashed.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      hashed.completeExceptionally(e);
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
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (position == length && !fill()) {
      return -1;
    }
    int n = Math.min(len, length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  /** Passes the drained chunk on to the hasher and reads the next one; false at the end. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (length > 0) {
      hand(current, length);
      current = pipelined ? take() : current;
    }
    position = 0;
    length = 0;
    // a large chunk per hand-over, but never wait for more once something arrived and the source
    // has nothing ready: the writer downstream should not stall on a slow client
    while (length < current.length) {
      int n = in.read(current, length, current.length - length);
      if (n == -1) {
        eof = true;
        break;
      }
      length += n;
      count += n;
      if (count > limit) {
        throw new HashingInputStream.LimitExceededException(limit);
      }
      if (in.available() <= 0 && length >= 64 * 1024) {
        break;
      }
    }
    return length > 0;
  }

  private void hand(byte[] buffer, int n) throws IOException {
    if (!pipelined) {
      digest.update(buffer, 0, n);
      return;
    }
    try {
      work.put(new Chunk(buffer, n));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
  }

  private byte[] take() throws IOException {
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
  }

  public long count() {
    return count;
  }

  /** The hash of everything read; call once, after the last read. */
  public String sha256Hex() throws IOException {
    if (finished) {
      throw new IllegalStateException("sha256Hex was called already");
    }
    finished = true;
    if (length > position) {
      throw new IllegalStateException("the stream was not read to its end");
    }
    if (length > 0) {
      hand(current, length);
      length = 0;
      position = 0;
    }
    if (!pipelined) {
      return HexFormat.of().formatHex(digest.digest());
    }
    hand(END, 0);
    try {
      return HexFormat.of().formatHex(hashed.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    } catch (ExecutionException e) {
      throw new IOException("hashing failed", e.getCause());
    }
  }

  /** Stops the hasher (on a failure path); leaves the source open. */
  @Override
  public void close() {
    if (pipelined && !finished) {
      finished = true;
      work.clear();
      work.offer(new Chunk(END, 0));
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported while hashing");
  }
}
