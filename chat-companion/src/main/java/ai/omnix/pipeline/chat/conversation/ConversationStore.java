package ai.omnix.pipeline.chat.conversation;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations and their messages, always scoped by tenant: another tenant's conversation is
 * indistinguishable from one that does not exist. Thread-safe. {@code JdbcConversationStore} keeps
 * them in PostgreSQL; {@code InMemoryConversationStore} passes the same contract for fast tests.
 */
public interface ConversationStore {

  Conversation create(TenantId tenant, String title, String model);

  Optional<Conversation> find(TenantId tenant, UUID id);

  /**
   * Newest first, starting after the given position (both null for the first page).
   *
   * @param limit 1–100
   */
  List<Conversation> list(TenantId tenant, Instant afterCreatedAt, UUID afterId, int limit);

  int count(TenantId tenant);

  /** The conversation's messages, oldest first; empty when it is not the tenant's. */
  List<StoredMessage> messages(TenantId tenant, UUID conversationId);

  /** A user message to append, counted under {@code tokenizer}, with the assets it attached. */
  record NewMessage(String content, int contentTokens, String tokenizer, List<String> attachments) {
    public NewMessage {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public NewMessage(String content, int contentTokens, String tokenizer) {
      this(content, contentTokens, tokenizer, List.of());
    }
  }

  /** The two messages a turn appends. */
  record Turn(StoredMessage user, StoredMessage reply) {}

  /** The conversation already has a reply streaming: one at a time. */
  final class ReplyInProgressException extends RuntimeException {
    public ReplyInProgressException() {
      super("a reply is still being generated in this conversation");
    }
  }

  /**
   * Appends a user message and an empty {@link MessageStatus#STREAMING} reply by {@code model}, and
   * makes {@code model} the conversation's model, in one transaction.
   *
   * @return empty when the conversation is not the tenant's
   * @throws ReplyInProgressException when a reply of this conversation is still streaming
   */
  Optional<Turn> startTurn(
      TenantId tenant,
      UUID conversationId,
      NewMessage user,
      String model,
      String tokenizer,
      Map<String, Object> context);

  /** How a reply ended. */
  record Ending(
      MessageStatus status,
      String content,
      int contentTokens,
      int promptTokens,
      int completionTokens,
      BigDecimal credits,
      String errorCode,
      Instant finishedAt,
      String paidFrom,
      List<Map<String, Object>> citations) {
    public Ending {
      citations = citations == null ? List.of() : List.copyOf(citations);
    }

    public Ending(
        MessageStatus status,
        String content,
        int contentTokens,
        int promptTokens,
        int completionTokens,
        BigDecimal credits,
        String errorCode,
        Instant finishedAt,
        String paidFrom) {
      this(
          status,
          content,
          contentTokens,
          promptTokens,
          completionTokens,
          credits,
          errorCode,
          finishedAt,
          paidFrom,
          List.of());
    }
  }

  /** Records how a streaming reply ended; a reply no longer streaming is left as it is. */
  void finishReply(UUID replyId, Ending ending);

  /** Deletes the conversation and its messages; false when it is not the tenant's. */
  boolean delete(TenantId tenant, UUID id);

  /**
   * Marks replies still streaming that started before {@code startedBefore} as {@link
   * MessageStatus#INTERRUPTED} (their process ended mid-stream). Returns how many.
   */
  int interruptStale(Instant startedBefore);
}
