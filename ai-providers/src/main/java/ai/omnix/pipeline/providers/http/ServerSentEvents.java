package ai.omnix.pipeline.providers.http;

import java.io.Closeable;
import java.io.IOException;

/**
 * A body of Server-Sent Events (the HTML standard's {@code text/event-stream}), as OpenAI,
 * Anthropic and Gemini stream their answers: one {@link Event} per blank-line-terminated block,
 * {@code data} lines joined by newlines, comments skipped. Reads as events arrive; bounded by the
 * answer's size bound and the line bound. Not thread-safe; {@link HttpAnswer#cancel} stops it from
 * another thread.
 */
public final class ServerSentEvents implements Closeable {
  private final LineReader lines;
  private String lastId;

  /**
   * @param type the {@code event} field, {@code message} when absent
   * @param id the last {@code id} seen in the stream, or null
   */
  public record Event(String type, String data, String id) {}

  ServerSentEvents(LineReader lines) {
    this.lines = lines;
  }

  /** The next event; null at the end of the stream. */
  public Event next() throws IOException {
    String type = null;
    StringBuilder data = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(type == null ? "message" : type, data.toString(), lastId);
        }
        type = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        case "event" -> type = value;
        case "id" -> lastId = value.indexOf('\0') < 0 ? value : lastId;
        default -> {
          // "retry" and unknown fields: a client that never reconnects on its own has no use
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
