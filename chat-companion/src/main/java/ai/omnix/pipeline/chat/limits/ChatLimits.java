package ai.omnix.pipeline.chat.limits;

/**
 * Sizes every request and conversation is held to; each refused with its own code.
 *
 * @param maxMessageChars characters of one message's text ({@code message_too_large})
 * @param maxMessages messages in one {@code /v1/chat/completions} request ({@code
 *     too_many_messages})
 * @param maxConversationMessages messages one conversation may hold ({@code conversation_full})
 * @param maxConversationTokens tokens one conversation may hold ({@code conversation_full})
 * @param maxAttachments images and assets per message ({@code too_many_attachments})
 * @param maxConversations conversations per tenant ({@code too_many_conversations})
 * @param maxTitleChars characters of a conversation's title
 * @param maxInstructionsChars characters of a tenant's custom instructions
 */
public record ChatLimits(
    Integer maxMessageChars,
    Integer maxMessages,
    Integer maxConversationMessages,
    Integer maxConversationTokens,
    Integer maxAttachments,
    Integer maxConversations,
    Integer maxTitleChars,
    Integer maxInstructionsChars) {
  public ChatLimits {
    maxMessageChars = maxMessageChars == null ? 32_000 : maxMessageChars;
    maxMessages = maxMessages == null ? 256 : maxMessages;
    maxConversationMessages = maxConversationMessages == null ? 1_000 : maxConversationMessages;
    maxConversationTokens = maxConversationTokens == null ? 1_000_000 : maxConversationTokens;
    maxAttachments = maxAttachments == null ? 10 : maxAttachments;
    maxConversations = maxConversations == null ? 10_000 : maxConversations;
    maxTitleChars = maxTitleChars == null ? 200 : maxTitleChars;
    maxInstructionsChars = maxInstructionsChars == null ? 8_000 : maxInstructionsChars;
  }
}
