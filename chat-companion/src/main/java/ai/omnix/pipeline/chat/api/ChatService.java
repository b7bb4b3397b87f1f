package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.api.stream.AsyncResponse;
import ai.omnix.pipeline.chat.autoconfigure.ChatProperties;
import ai.omnix.pipeline.chat.catalog.ChatModel;
import ai.omnix.pipeline.chat.catalog.ChatModelCatalog;
import ai.omnix.pipeline.chat.context.ContextWindow;
import ai.omnix.pipeline.chat.context.TokenCounter;
import ai.omnix.pipeline.chat.context.Tokenizers;
import ai.omnix.pipeline.chat.limits.ConcurrentStreams;
import ai.omnix.pipeline.chat.stream.ChunkEncoder;
import ai.omnix.pipeline.chat.stream.ReplyStream;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What both chat endpoints share: resolving a model to a configured provider, counting tokens,
 * holding a tenant to its concurrent-stream limit, and starting a {@link ReplyStream} on a
 * non-blocking response.
 */
public final class ChatService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChatModelCatalog catalog;
  private final Map<String, ChatProvider> providers;
  private final ConcurrentStreams streams;
  private final Map<Plan, Integer> streamLimits;
  private final ChatProperties properties;
  private final Executor control;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Map<String, TokenCounter> counters = new ConcurrentHashMap<>();

  public ChatService(
      ChatModelCatalog catalog,
      List<ChatProvider> providers,
      ConcurrentStreams streams,
      ChatProperties properties,
      Executor control,
      ScheduledExecutorService timer,
      Clock clock) {
    this.catalog = catalog;
    this.providers = new ConcurrentHashMap<>();
    for (ChatProvider provider : providers) {
      if (this.providers.put(provider.name(), provider) != null) {
        throw new IllegalStateException("two chat providers are named " + provider.name());
      }
    }
    this.streams = streams;
    this.streamLimits = properties.streamLimits();
    this.properties = properties;
    this.control = control;
    this.timer = timer;
    this.clock = clock;
  }

  /** A catalog model with the configured provider that serves it here. */
  record Resolved(ChatModel model, ChatModel.Endpoint endpoint, ChatProvider provider) {}

  Resolved resolve(String modelId, String param) {
    ChatModel model =
        catalog
            .find(modelId)
            .orElseThrow(
                () ->
                    ChatProblems.of(
                        404,
                        "model_not_found",
                        "Not found",
                        param,
                        "The model '" + modelId + "' does not exist; GET /v1/models lists them."));
    for (ChatModel.Endpoint endpoint : model.endpoints()) {
      ChatProvider provider = providers.get(endpoint.provider());
      if (provider != null) {
        return new Resolved(model, endpoint, provider);
      }
    }
    throw ChatProblems.invalid(
        "model_not_available",
        param,
        "No provider of '" + modelId + "' is configured on this server.");
  }

  TokenCounter counter(ChatModel model) {
    return counters.computeIfAbsent(model.tokenizer(), Tokenizers::named);
  }

  ChatProperties.Limits limits() {
    return properties.limits();
  }

  static void checkVision(ChatModel model, List<ChatMessage> messages) {
    if (!model.vision()
        && messages.stream()
            .anyMatch(m -> m.parts().stream().anyMatch(ChatPart.ImageUrl.class::isInstance))) {
      throw ChatProblems.invalid(
          "model_lacks_vision", "messages", "The model '" + model.id() + "' cannot read images.");
    }
  }

  /** The reply tokens to keep free in the window: what was asked for, or a share of the window. */
  static int reservedForReply(ChatModel model, Integer maxTokens, String param) {
    if (maxTokens != null) {
      if (maxTokens > model.maxOutputTokens()) {
        throw ChatProblems.invalid(
            "max_tokens_too_large",
            param,
            "The model '"
                + model.id()
                + "' writes at most "
                + model.maxOutputTokens()
                + " tokens per reply.");
      }
      return maxTokens;
    }
    return Math.min(model.maxOutputTokens(), model.contextWindow() / 8);
  }

  /** The reply's token cap sent to the provider. */
  static int maxTokens(ChatModel model, Integer requested, int promptTokens) {
    return requested != null
        ? requested
        : Math.max(1, Math.min(model.maxOutputTokens(), model.contextWindow() - promptTokens));
  }

  static ApiProblem contextExceeded(ContextWindow.Overflow overflow) {
    return ChatProblems.invalid(
        "context_length_exceeded",
        "messages",
        "This model's context window leaves "
            + overflow.budget()
            + " tokens for the prompt, but the messages need "
            + overflow.promptTokens()
            + ".");
  }

  /** Takes one of the tenant's stream slots or refuses with 429. */
  void acquireStream(Tenant tenant) {
    int limit = streamLimits.get(tenant.plan());
    if (!streams.tryAcquire(tenant.id(), limit)) {
      throw ChatProblems.of(
          429,
          "too_many_concurrent_streams",
          "Too many concurrent streams",
          null,
          "The "
              + tenant.plan().wireName()
              + " plan allows "
              + limit
              + " replies in flight at once; wait for one to finish.");
    }
  }

  void releaseStream(Tenant tenant) {
    streams.release(tenant.id());
  }

  ChunkEncoder encoder(String model, boolean includeUsage) {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    String id = "chatcmpl-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new ChunkEncoder(id, clock.instant().getEpochSecond(), model, includeUsage);
  }

  /**
   * Starts the reply on a non-blocking response and returns: the container thread is free as soon
   * as the handler returns. The stream slot taken for it is given back by {@code ending}.
   */
  void stream(
      HttpServletRequest request,
      HttpServletResponse response,
      Resolved resolved,
      ChatRequest chatRequest,
      ChunkEncoder encoder,
      boolean streaming,
      boolean includeUsage,
      Map<String, Object> firstChunkMetadata,
      ReplyStream.Ending ending)
      throws IOException {
    ReplyStream reply =
        new ReplyStream(
            resolved.provider(),
            chatRequest,
            encoder,
            streaming,
            includeUsage,
            firstChunkMetadata,
            control,
            timer,
            properties.heartbeatInterval(),
            ending);
    AsyncResponse async =
        AsyncResponse.start(
            request,
            response,
            properties.maxStreamDuration(),
            properties.maxBufferedBytes(),
            reply);
    reply.start(async);
  }

  Clock clock() {
    return clock;
  }
}
