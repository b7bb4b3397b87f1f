package ai.omnix.pipeline.providers.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a streamed body line by line as UTF-8, as it arrives (no read-ahead past what the stream
 * gives): a line ends at LF, CRLF or CR. A line longer than the bound fails with {@link
 * LineTooLongException} instead of growing without end. Not thread-safe.
 */
public final class LineReader implements Closeable {
  private final InputStream in;
  private final int maxLine;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  private boolean skipLf;

  /** A line longer than the reader's bound. */
  public static final class LineTooLongException extends IOException {
    LineTooLongException(int max) {
      super("a line longer than " + max + " bytes");
    }
  }

  public LineReader(InputStream in, int maxLine) {
    this.in = in;
    if (maxLine < 1) {
      throw new IllegalArgumentException("maxLine must be positive");
    }
    this.maxLine = maxLine;
  }

  /** The next line without its ending; null at the end of the body. */
  public String readLine() throws IOException {
    ByteArrayOutputStream line = null;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return line == null ? null : line.toString(StandardCharsets.UTF_8);
        }
      }
      if (skipLf) {
        skipLf = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
        position++;
      }
      if (line == null) {
        line = new ByteArrayOutputStream();
      }
      if (line.size() + (position - start) > maxLine) {
        throw new LineTooLongException(maxLine);
      }
      line.write(buffer, start, position - start);
      if (position < limit) {
        skipLf = buffer[position] == '\r';
        position++;
        return line.toString(StandardCharsets.UTF_8);
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
