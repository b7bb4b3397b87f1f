package ai.omnix.pipeline.providers.http;

import ai.omnix.pipeline.providers.ProviderException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An answer of {@link ProviderHttp}: its status and headers, and its body as a bounded stream that
 * fails (rather than hangs) when the provider stalls or the deadline passes. Read it from one
 * thread; {@link #cancel} may come from any. Close it: closing before the end of the body closes
 * the connection instead of reading the rest.
 */
public final class HttpAnswer implements Closeable {
  /** How much of an error body is read for the operators' log and for classifying it. */
  public static final int MAX_ERROR_BYTES = 64 << 10;

  private final ProviderHttp http;
  private final Exchange exchange;
  private final ClassicHttpResponse response;
  private final URI uri;
  private final long maxBytes;
  private final Duration deadline;
  private Body body;

  HttpAnswer(
      ProviderHttp http,
      Exchange exchange,
      ClassicHttpResponse response,
      URI uri,
      long maxBytes,
      Duration deadline) {
    this.http = http;
    this.exchange = exchange;
    this.response = response;
    this.uri = uri;
    this.maxBytes = maxBytes;
    this.deadline = deadline;
  }

  public int status() {
    return response.getCode();
  }

  public boolean isSuccess() {
    return status() / 100 == 2;
  }

  public Optional<String> header(String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
  }

  /** Where the answer came from: the call's URL, or the last redirect's. */
  public URI uri() {
    return uri;
  }

  /**
   * The body, at most the call's {@code maxBytes} ({@link BoundedInputStream.TooLargeException}
   * past it). A read fails with a {@link SocketTimeoutException} when the provider sent nothing for
   * the idle timeout or the deadline passed, and with an {@link InterruptedIOException} after
   * {@link #cancel} or an interrupt.
   */
  public InputStream body() throws ProviderException {
    if (body == null) {
      HttpEntity entity = response.getEntity();
      try {
        InputStream raw = entity == null ? InputStream.nullInputStream() : entity.getContent();
        body = new Body(new BoundedInputStream(raw, maxBytes));
      } catch (IOException e) {
        close();
        throw http.failure(e, exchange, deadline);
      }
    }
    return body;
  }

  /** The whole body; longer than {@code maxBytes} is a malformed answer. */
  public byte[] bytes() throws ProviderException {
    try (InputStream in = body()) {
      return in.readAllBytes();
    } catch (BoundedInputStream.TooLargeException e) {
      throw HttpFailures.malformed(http.provider(), "answer longer than " + maxBytes + " bytes");
    } catch (IOException e) {
      throw http.failure(e, exchange, deadline);
    }
  }

  /** The whole body as one JSON object; anything else is a malformed answer. */
  public JsonNode json() throws ProviderException {
    byte[] bytes = bytes();
    JsonNode node;
    try {
      node = http.mapper().readTree(bytes);
    } catch (JacksonException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      String start = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
      throw HttpFailures.malformed(
          http.provider(), "not a JSON object: " + HttpFailures.excerpt(http.scrub(start)));
    }
    return node;
  }

  /**
   * The start of the body ({@link #MAX_ERROR_BYTES}) as text, with the key scrubbed; empty when it
   * cannot be read. Closes the answer.
   */
  public String errorText() {
    return http.scrub(new String(errorBytes(), StandardCharsets.UTF_8));
  }

  /** The start of the body ({@link #MAX_ERROR_BYTES}); empty when it cannot be read. Closes. */
  public byte[] errorBytes() {
    try (InputStream in = body()) {
      return in.readNBytes(MAX_ERROR_BYTES);
    } catch (IOException | ProviderException e) {
      return new byte[0];
    }
  }

  /**
   * Classifies a non-2xx answer: 429 (with Retry-After), 401/403, 408/504, other 5xx, other 4xx.
   *
   * @param contentPolicy whether the provider's body says the request broke its content policy
   *     (each provider spells it differently)
   * @param said the provider's words for the operators' log; null to take the start of the body
   */
  public ProviderException failure(boolean contentPolicy, String said) {
    String words = said != null ? http.scrub(said) : errorText();
    return HttpFailures.forStatus(
        http.provider(),
        status(),
        contentPolicy,
        header("Retry-After").orElse(null),
        words.isEmpty() ? null : HttpFailures.excerpt(words),
        http.clock());
  }

  /** The body as Server-Sent Events, each line at most {@code maxLine} bytes. */
  public ServerSentEvents events(int maxLine) throws ProviderException {
    return new ServerSentEvents(new LineReader(body(), maxLine));
  }

  /** The body as lines (JSON lines, for example), each at most {@code maxLine} bytes. */
  public LineReader lines(int maxLine) throws ProviderException {
    return new LineReader(body(), maxLine);
  }

  /**
   * Closes the connection now, from any thread: a read blocked on it fails at once with an {@link
   * InterruptedIOException}. For a client that stops listening (a chat user who hit stop).
   */
  public void cancel() {
    exchange.cancel();
  }

  @Override
  public void close() {
    if (body == null || !body.atEnd) {
      // Reading the rest to reuse the connection could take as long as the provider likes.
      exchange.cancel();
    }
    try {
      if (body != null) {
        body.closeQuietly();
      }
      response.close();
    } catch (IOException | RuntimeException ignored) {
      // the connection is gone either way
    } finally {
      exchange.finish();
    }
  }

  /** Says why a read failed when the transport ended the exchange. */
  private final class Body extends FilterInputStream {
    private boolean atEnd;
    private boolean closed;

    Body(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return ended(super.read());
      } catch (IOException e) {
        throw why(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return ended(super.read(b, off, len));
      } catch (IOException e) {
        throw why(e);
      }
    }

    private int ended(int n) throws IOException {
      if (exchange.aborted()) {
        // a connection closed under a blocked read may look like the end of the body
        throw why(new IOException("connection closed"));
      }
      if (n < 0) {
        atEnd = true;
      }
      return n;
    }

    private IOException why(IOException e) {
      if (e instanceof BoundedInputStream.TooLargeException) {
        return e;
      }
      if (exchange.expired) {
        SocketTimeoutException late =
            new SocketTimeoutException(
                http.provider() + ": answer not complete within " + deadline);
        late.initCause(e);
        return late;
      }
      if (exchange.interrupted || exchange.canceled) {
        InterruptedIOException stopped =
            new InterruptedIOException(
                http.provider() + " call " + (exchange.canceled ? "canceled" : "interrupted"));
        stopped.initCause(e);
        return stopped;
      }
      return e;
    }

    @Override
    public void close() {
      HttpAnswer.this.close();
    }

    void closeQuietly() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        in.close();
      } catch (IOException ignored) {
        // the connection was closed or released
      }
    }
  }
}
