package ai.omnix.pipeline.chat.conversation;

import ai.omnix.pipeline.chat.conversation.memory.InMemoryConversationStore;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.UUID;

class InMemoryConversationStoreTest extends ConversationStoreContract {
  private final InMemoryConversationStore store = new InMemoryConversationStore(clock);

  @Override
  protected ConversationStore store() {
    return store;
  }

  @Override
  protected TenantId aTenant() {
    return new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
