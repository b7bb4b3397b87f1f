package ai.omnix.pipeline.providers.chat;

import ai.omnix.pipeline.core.chat.ChatCompletion.FinishReason;
import ai.omnix.pipeline.core.chat.ChatProviderException;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.providers.http.Credential;
import ai.omnix.pipeline.providers.http.HttpCall;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import ai.omnix.pipeline.providers.http.ServerSentEvents;
import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * One provider's chat streaming API as bytes on the wire: how a {@link ChatRequest} is sent, how
 * its key travels, and how its Server-Sent Events read. {@link HttpChatProvider} does the I/O,
 * threads, cancel and error mapping the same way for all; an implementation only encodes and
 * decodes. Implementations are stateless and thread-safe; a {@link Decoder} serves one stream.
 */
public interface ChatApi {

  /** The API family, for operators: {@code openai}, {@code anthropic}, {@code google}. */
  String family();

  /** The key as the API expects it, bound to {@code baseUrl}'s origin. */
  Credential credential(URI baseUrl, String key);

  /** The streaming request. */
  HttpCall call(URI baseUrl, ChatRequest request, ProviderHttp http);

  /** Whether a non-2xx answer's body says the content was refused (policy), not the request. */
  boolean refusal(int status, JsonNode errorBody);

  /** A decoder for one answer's events. */
  Decoder decoder(ProviderHttp http);

  /** Reads one stream's events in order. Not thread-safe. */
  interface Decoder {

    /**
     * Reads the next event.
     *
     * @return text to deliver, possibly empty
     * @throws ChatFailure for an event that is malformed, an error, or a refusal
     */
    String next(ServerSentEvents.Event event) throws ChatFailure;

    /** Whether the stream has said it is complete (nothing more needs to be read). */
    boolean done();

    /** The prompt tokens the provider reported, or -1. */
    int promptTokens();

    /** The reply tokens the provider reported, or -1. */
    int completionTokens();

    /** Why the reply stopped, once known; null before. */
    FinishReason finishReason();
  }

  /** A failure read from the stream itself (malformed chunk, error event, refusal). */
  final class ChatFailure extends Exception {
    private final ChatProviderException.Kind kind;

    public ChatFailure(ChatProviderException.Kind kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }

    public ChatProviderException.Kind kind() {
      return kind;
    }
  }
}
