package ai.omnix.pipeline.chat.autoconfigure;

import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Chat companion settings ({@code omnix.chat.*}).
 *
 * @param enabled whether this process serves chat (the chat role)
 * @param catalog a chat models file of the operator's own; the bundled {@code chat/models.json}
 *     otherwise
 * @param defaultModel the model of a conversation created without one
 * @param maxConcurrentStreams replies a tenant may have in flight at once in one chat process, by
 *     plan name
 * @param maxStreamDuration the longest a reply may stream before it is cut off
 * @param heartbeatInterval an SSE comment is sent after this long without output, so a client that
 *     went away is noticed even while the provider is silent
 * @param maxBufferedBytes bytes that may wait for a slow client before it is dropped
 * @param controlThreads threads that cancel upstream requests and store finished replies
 * @param providers the real providers' endpoints by name ({@code openai}, {@code openai-2}, {@code
 *     anthropic}, {@code google-2}, …), each on only when its key is set
 * @param attachments documents and images attached to conversation messages
 */
@ConfigurationProperties("omnix.chat")
public record ChatProperties(
    Boolean enabled,
    String catalog,
    String defaultModel,
    Offline offline,
    ai.omnix.pipeline.chat.limits.ChatLimits limits,
    Map<String, Integer> maxConcurrentStreams,
    Duration maxStreamDuration,
    Duration heartbeatInterval,
    Long maxBufferedBytes,
    Integer controlThreads,
    Map<String, Endpoint> providers,
    Attachments attachments) {

  public ChatProperties {
    enabled = enabled == null || enabled;
    defaultModel = defaultModel == null || defaultModel.isBlank() ? "offline-chat" : defaultModel;
    offline = offline == null ? new Offline(null, null, null, null) : offline;
    limits =
        limits == null
            ? new ai.omnix.pipeline.chat.limits.ChatLimits(
                null, null, null, null, null, null, null, null)
            : limits;
    maxConcurrentStreams = maxConcurrentStreams == null ? Map.of() : maxConcurrentStreams;
    maxStreamDuration = maxStreamDuration == null ? Duration.ofMinutes(10) : maxStreamDuration;
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(1) : heartbeatInterval;
    maxBufferedBytes = maxBufferedBytes == null ? 256 * 1024L : maxBufferedBytes;
    controlThreads = controlThreads == null ? 4 : controlThreads;
    providers = providers == null ? Map.of() : providers;
    attachments = attachments == null ? new Attachments(null, null, null, null, null) : attachments;
  }

  /**
   * Attachments ({@code omnix.chat.attachments.*}).
   *
   * @param waitTimeout the longest a message waits for its documents' extract or OCR jobs before it
   *     answers 409 {@code attachment_not_ready} (the job goes on; send the message again later)
   * @param pollInterval how often the job row is read while waiting
   * @param maxImageBytes the largest image a message may attach (sent inline to the model)
   * @param maxTextBytes the most of one document's text.txt that is read
   * @param maxChars the most document text one message puts in the prompt, all documents together
   */
  public record Attachments(
      Duration waitTimeout,
      Duration pollInterval,
      Long maxImageBytes,
      Long maxTextBytes,
      Integer maxChars) {
    public Attachments {
      waitTimeout = waitTimeout == null ? Duration.ofSeconds(60) : waitTimeout;
      pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
      maxImageBytes = maxImageBytes == null ? 5L * 1024 * 1024 : maxImageBytes;
      maxTextBytes = maxTextBytes == null ? 8L * 1024 * 1024 : maxTextBytes;
      maxChars = maxChars == null ? 400_000 : maxChars;
    }
  }

  /**
   * One endpoint of a real provider's chat API.
   *
   * @param api {@code openai}, {@code anthropic} or {@code google}; by default the endpoint name up
   *     to its first {@code -} ({@code openai-2} speaks {@code openai})
   * @param apiKey its key; without one the endpoint is off
   * @param baseUrl where the API is; the public API by default ({@code https://api.openai.com/v1},
   *     {@code https://api.anthropic.com}, {@code https://generativelanguage.googleapis.com})
   * @param timeout connecting and the answer's headers, i.e. the wait for the reply to start
   * @param idleTimeout the longest silence between two chunks of a reply
   */
  public record Endpoint(
      String api, String apiKey, String baseUrl, Duration timeout, Duration idleTimeout) {
    public Endpoint {
      timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
      idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
    }

    public boolean hasKey() {
      return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
      return "Endpoint[api="
          + api
          + ", baseUrl="
          + baseUrl
          + ", key "
          + (hasKey() ? "set" : "unset")
          + "]";
    }
  }

  /**
   * Concurrent streams per plan: configured, or free 2, student 4, pro 8, team 16, enterprise 32.
   */
  public Map<Plan, Integer> streamLimits() {
    Map<Plan, Integer> limits = new EnumMap<>(Plan.class);
    for (Plan plan : Plan.values()) {
      int fallback = 1 << (plan.schedulingRank());
      limits.put(
          plan, maxConcurrentStreams.getOrDefault(plan.name().toLowerCase(Locale.ROOT), fallback));
    }
    return limits;
  }

  /**
   * The offline model.
   *
   * @param enabled whether {@code offline-chat} is served
   * @param tokensPerSecond its pace; 0 delivers a whole reply at once
   * @param replyTokens the length of its replies
   * @param timerThreads threads of the shared timer that paces every offline stream (and writes its
   *     chunks); one per core by default
   */
  public record Offline(
      Boolean enabled, Double tokensPerSecond, Integer replyTokens, Integer timerThreads) {
    public Offline {
      enabled = enabled == null || enabled;
      tokensPerSecond = tokensPerSecond == null ? 20.0 : tokensPerSecond;
      replyTokens = replyTokens == null ? 48 : replyTokens;
      // the timer threads also write the chunks: one per core, so writes are not held to one core's
      // share of a busy machine
      timerThreads =
          timerThreads == null ? Runtime.getRuntime().availableProcessors() : timerThreads;
    }
  }
}
