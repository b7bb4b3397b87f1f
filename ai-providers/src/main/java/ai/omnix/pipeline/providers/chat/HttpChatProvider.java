package ai.omnix.pipeline.providers.chat;

import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatCompletion.FinishReason;
import ai.omnix.pipeline.core.chat.ChatDelta;
import ai.omnix.pipeline.core.chat.ChatListener;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatProviderException;
import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatStream;
import ai.omnix.pipeline.core.chat.ChatUsage;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.http.BoundedInputStream;
import ai.omnix.pipeline.providers.http.HttpAnswer;
import ai.omnix.pipeline.providers.http.HttpCall;
import ai.omnix.pipeline.providers.http.HttpFailures;
import ai.omnix.pipeline.providers.http.LineReader;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import ai.omnix.pipeline.providers.http.ServerSentEvents;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToIntFunction;

/**
 * A {@link ChatProvider} over one endpoint of a provider's streaming HTTP API ({@link ChatApi}:
 * OpenAI Chat Completions, Anthropic Messages, Gemini {@code streamGenerateContent?alt=sse}), on
 * the shared transport {@link ProviderHttp} (timeouts, size bounds, address policy, key scrubbing).
 *
 * <p><b>Threads.</b> {@link ProviderHttp} is a blocking client, so each reply is read by a thread
 * of the {@code readers} executor while it streams; {@link #start} only hands it over and returns.
 * This deviates from {@link ChatProvider}'s "no thread held per stream" (the offline model holds
 * none): a second, non-blocking HTTP layer was ruled out, and a reply spends its life waiting on
 * the provider anyway. Size the executor for the replies in flight.
 *
 * <p><b>Errors</b> end the reply with one {@link ChatListener#onError}: 429 (with Retry-After),
 * 5xx, timeouts, connection failures, a stream that ends early and malformed chunks are retryable
 * kinds; 400, 401/403 and refusals are not. Messages never carry the key ({@link
 * ProviderHttp#scrub}). Nothing is logged here.
 *
 * <p><b>Cancel</b> closes the connection ({@link HttpAnswer#cancel}) before it returns; while the
 * connection is still being opened it interrupts the reader, which the transport turns into a
 * closed connection within about 100 ms. No listener call starts after {@link ChatStream#cancel}
 * returns.
 */
public final class HttpChatProvider implements ChatProvider, AutoCloseable {
  /** The longest line of a stream: one event's JSON. */
  static final int MAX_LINE = 1 << 20;

  /** The most a whole streamed answer may hold. */
  static final long MAX_ANSWER_BYTES = 32L << 20;

  private final String name;
  private final ChatApi api;
  private final URI baseUrl;
  private final ProviderHttp http;
  private final Executor readers;
  private final Duration idleTimeout;
  private final ToIntFunction<String> deltaTokens;

  /**
   * @param name the endpoint's name in the chat catalog ({@code openai}, {@code openai-2})
   * @param baseUrl where the API is, such as {@code https://api.openai.com/v1}
   * @param http the transport, carrying this endpoint's key
   * @param readers threads that read the streams (one per reply in flight)
   * @param idleTimeout the longest wait between two chunks of a reply
   * @param deltaTokens counts the tokens of a piece of reply, for a reply that stops before the
   *     provider reports usage
   */
  public HttpChatProvider(
      String name,
      ChatApi api,
      URI baseUrl,
      ProviderHttp http,
      Executor readers,
      Duration idleTimeout,
      ToIntFunction<String> deltaTokens) {
    this.name = Objects.requireNonNull(name, "name");
    this.api = Objects.requireNonNull(api, "api");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.http = Objects.requireNonNull(http, "http");
    this.readers = Objects.requireNonNull(readers, "readers");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.deltaTokens = Objects.requireNonNull(deltaTokens, "deltaTokens");
  }

  /**
   * How an endpoint is set up.
   *
   * @param timeout connecting and the answer's headers (the wait for the first token)
   * @param idleTimeout between two chunks
   * @param streamDeadline a whole reply
   */
  public record Settings(
      Duration timeout,
      Duration idleTimeout,
      Duration streamDeadline,
      OutboundAddressPolicy addresses,
      Clock clock) {
    public Settings {
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(streamDeadline, "streamDeadline");
      Objects.requireNonNull(addresses, "addresses");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /**
   * An endpoint with its own transport carrying {@code key}.
   *
   * @throws IllegalArgumentException naming the setting to fix when the URL is not absolute http(s)
   *     or the key is blank (a provider without its key is not constructed)
   */
  public static HttpChatProvider create(
      String name,
      ChatApi api,
      URI baseUrl,
      String key,
      Settings settings,
      Executor readers,
      ToIntFunction<String> deltaTokens) {
    if (baseUrl == null
        || !baseUrl.isAbsolute()
        || !("http".equalsIgnoreCase(baseUrl.getScheme())
            || "https".equalsIgnoreCase(baseUrl.getScheme()))) {
      throw new IllegalArgumentException(
          "omnix.chat.providers." + name + ".base-url must be an absolute http(s) URL");
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "omnix.chat.providers."
              + name
              + ".api-key is missing: set it, or leave the endpoint out");
    }
    ProviderHttp http =
        ProviderHttp.builder(name)
            .timeout(settings.timeout())
            .streamDeadline(settings.streamDeadline())
            .addresses(settings.addresses())
            .clock(settings.clock())
            .credential(api.credential(baseUrl, key.strip()))
            .build();
    return new HttpChatProvider(
        name, api, baseUrl, http, readers, settings.idleTimeout(), deltaTokens);
  }

  /** A rough count for text of a model whose tokenizer is not at hand: a token per 4 chars. */
  public static int estimateTokens(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    return Math.max(1, (text.codePointCount(0, text.length()) + 3) / 4);
  }

  @Override
  public String name() {
    return name;
  }

  public ChatApi api() {
    return api;
  }

  @Override
  public ChatStream start(ChatRequest request, ChatListener listener) {
    Reply reply = new Reply(request, listener);
    try {
      readers.execute(reply::run);
    } catch (RejectedExecutionException e) {
      reply.fail(new ChatFailureAt(Kind.UNAVAILABLE, name + ": no reader thread free", null));
    }
    return reply;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "HttpChatProvider[" + name + " " + api.family() + " " + baseUrl + "]";
  }

  /** A failure with what is known of it; the reply decides whether a delta came first. */
  private record ChatFailureAt(Kind kind, String message, Duration retryAfter) {}

  /** One reply: read on a reader thread, cancelled from anywhere. */
  private final class Reply implements ChatStream {
    private final ChatRequest request;
    private final ChatListener listener;
    private final Object lock = new Object();
    private boolean cancelled;
    private boolean ended;
    private Thread reader;
    private HttpAnswer answer;
    private int deliveredTokens;
    private boolean delivered;

    Reply(ChatRequest request, ChatListener listener) {
      this.request = request;
      this.listener = listener;
    }

    @Override
    public void cancel() {
      HttpAnswer open;
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        cancelled = true;
        open = answer;
        if (open == null && reader != null) {
          reader.interrupt(); // still connecting: the transport closes the connection for it
        }
      }
      if (open != null) {
        open.cancel();
      }
    }

    void run() {
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        reader = Thread.currentThread();
      }
      try {
        read();
      } finally {
        synchronized (lock) {
          reader = null;
        }
        Thread.interrupted(); // a cancel's interrupt must not reach the pool's next task
      }
    }

    private void read() {
      HttpCall call =
          api.call(baseUrl, request, http)
              .withMaxBytes(MAX_ANSWER_BYTES)
              .withIdleTimeout(idleTimeout);
      HttpAnswer opened;
      try {
        opened = http.open(call);
      } catch (ProviderException e) {
        fail(fromTransport(e));
        return;
      }
      synchronized (lock) {
        if (cancelled) {
          opened.close();
          return;
        }
        answer = opened;
      }
      try (HttpAnswer a = opened) {
        if (!a.isSuccess()) {
          String text = a.errorText();
          boolean refused = api.refusal(a.status(), http.parse(text));
          fail(fromTransport(a.failure(refused, text)));
          return;
        }
        stream(a);
      }
    }

    private void stream(HttpAnswer a) {
      ChatApi.Decoder decoder = api.decoder(http);
      try (ServerSentEvents events = a.events(MAX_LINE)) {
        for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
          String text = decoder.next(event);
          if (!text.isEmpty() && !deliver(text)) {
            return;
          }
          if (decoder.done()) {
            break;
          }
        }
        if (!decoder.done()) {
          fail(
              new ChatFailureAt(Kind.CONNECTION, name + " closed the stream before its end", null));
          return;
        }
        complete(decoder);
      } catch (ChatApi.ChatFailure e) {
        fail(new ChatFailureAt(e.kind(), http.scrub(e.getMessage()), null));
      } catch (IOException e) {
        fail(fromRead(e));
      } catch (ProviderException e) {
        fail(fromTransport(e));
      } catch (RuntimeException e) {
        // a decoder's bug must end the reply, not leave it hanging
        fail(new ChatFailureAt(Kind.MALFORMED, name + " answer could not be read", null));
      }
    }

    private boolean deliver(String text) {
      int tokens = deltaTokens.applyAsInt(text);
      synchronized (lock) {
        if (cancelled || ended) {
          return false;
        }
        delivered = true;
        deliveredTokens += tokens;
        listener.onDelta(new ChatDelta(text, tokens));
        return !cancelled;
      }
    }

    private void complete(ChatApi.Decoder decoder) {
      synchronized (lock) {
        if (cancelled || ended) {
          return;
        }
        ended = true;
        int prompt = decoder.promptTokens() >= 0 ? decoder.promptTokens() : request.promptTokens();
        int completion =
            decoder.completionTokens() >= 0 ? decoder.completionTokens() : deliveredTokens;
        FinishReason finish =
            decoder.finishReason() != null ? decoder.finishReason() : FinishReason.STOP;
        listener.onComplete(new ChatCompletion(new ChatUsage(prompt, completion), finish));
      }
    }

    void fail(ChatFailureAt failure) {
      synchronized (lock) {
        if (cancelled || ended) {
          return;
        }
        ended = true;
        listener.onError(
            new ChatProviderException(
                failure.kind(),
                http.scrub(failure.message()),
                failure.retryAfter(),
                delivered,
                null));
      }
    }

    private ChatFailureAt fromRead(IOException e) {
      if (BoundedInputStream.TooLargeException.in(e)) {
        return new ChatFailureAt(Kind.MALFORMED, name + " answer is too long", null);
      }
      if (e instanceof LineReader.LineTooLongException) {
        return new ChatFailureAt(Kind.MALFORMED, name + " sent an over-long event", null);
      }
      return fromTransport(HttpFailures.forIo(name, e));
    }
  }

  /** The transport's classification in the chat port's kinds. */
  static ChatFailureAt fromTransport(ProviderException e) {
    Kind kind =
        switch (e.kind()) {
          case RATE_LIMITED -> Kind.RATE_LIMITED;
          case UNAVAILABLE, GENERATION_FAILED ->
              e.httpStatus() == 0 ? Kind.CONNECTION : Kind.UNAVAILABLE;
          case TIMEOUT -> Kind.TIMEOUT;
          case MALFORMED_RESPONSE -> Kind.MALFORMED;
          case INVALID_REQUEST -> Kind.INVALID_REQUEST;
          case UNAUTHORIZED -> Kind.UNAUTHORIZED;
          case CONTENT_POLICY -> Kind.REFUSED;
        };
    return new ChatFailureAt(kind, e.getMessage(), e.retryAfter());
  }
}
