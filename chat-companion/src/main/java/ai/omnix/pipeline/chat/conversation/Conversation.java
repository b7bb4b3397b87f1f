package ai.omnix.pipeline.chat.conversation;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's conversation.
 *
 * @param model the model of its latest reply: the default for the next message
 * @param messageCount stored messages, user and assistant
 * @param tokenCount the stored messages' tokens (each under the tokenizer it was counted with)
 */
public record Conversation(
    UUID id,
    TenantId tenant,
    String title,
    String model,
    Instant createdAt,
    Instant updatedAt,
    int messageCount,
    long tokenCount) {}
