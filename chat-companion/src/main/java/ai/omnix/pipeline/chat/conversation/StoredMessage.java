package ai.omnix.pipeline.chat.conversation;

import ai.omnix.pipeline.core.chat.ChatRole;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One message of a conversation.
 *
 * @param contentTokens the content's tokens under {@code tokenizer}, kept so the history need not
 *     be counted again while the tokenizer stays the same
 * @param promptTokens replies: the prompt the model was sent
 * @param completionTokens replies: the tokens generated (delivered, for a partial reply)
 * @param credits replies: the catalog price of those tokens
 * @param context replies: how the history was fitted into the model's window
 * @param paidFrom replies: {@code allowance} (the plan's allowance or an unlimited plan) or {@code
 *     credits} (the ledger), once billed; null before, or when nothing was charged
 * @param attachments user messages: the asset ids attached to it (empty when none)
 * @param citations replies: the pages the reply cited, {@code [{asset_id, page}]} (empty when none)
 */
public record StoredMessage(
    UUID id,
    UUID conversationId,
    int seq,
    ChatRole role,
    String content,
    String model,
    MessageStatus status,
    int contentTokens,
    String tokenizer,
    Integer promptTokens,
    Integer completionTokens,
    BigDecimal credits,
    Map<String, Object> context,
    String errorCode,
    Instant createdAt,
    Instant finishedAt,
    String paidFrom,
    List<String> attachments,
    List<Map<String, Object>> citations) {

  public StoredMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    citations = citations == null ? List.of() : List.copyOf(citations);
  }
}
