package ai.omnix.pipeline.chat.conversation.memory;

import ai.omnix.pipeline.chat.conversation.Conversation;
import ai.omnix.pipeline.chat.conversation.ConversationStore;
import ai.omnix.pipeline.chat.conversation.MessageStatus;
import ai.omnix.pipeline.chat.conversation.StoredMessage;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Conversations in memory, for fast tests; passes the same contract as the JDBC store. */
public final class InMemoryConversationStore implements ConversationStore {
  private static final Comparator<Conversation> NEWEST_FIRST =
      Comparator.comparing(Conversation::createdAt).thenComparing(Conversation::id).reversed();

  private final Clock clock;
  private final Map<UUID, Conversation> conversations = new HashMap<>();
  private final Map<UUID, List<StoredMessage>> messages = new HashMap<>();

  public InMemoryConversationStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Conversation create(TenantId tenant, String title, String model) {
    Instant now = clock.instant();
    Conversation c = new Conversation(UUID.randomUUID(), tenant, title, model, now, now, 0, 0);
    conversations.put(c.id(), c);
    messages.put(c.id(), new ArrayList<>());
    return c;
  }

  @Override
  public synchronized Optional<Conversation> find(TenantId tenant, UUID id) {
    Conversation c = conversations.get(id);
    if (c == null || !c.tenant().equals(tenant)) {
      return Optional.empty();
    }
    List<StoredMessage> list = messages.get(id);
    long tokens = list.stream().mapToLong(StoredMessage::contentTokens).sum();
    return Optional.of(
        new Conversation(
            c.id(),
            tenant,
            c.title(),
            c.model(),
            c.createdAt(),
            c.updatedAt(),
            list.size(),
            tokens));
  }

  @Override
  public synchronized List<Conversation> list(
      TenantId tenant, Instant afterCreatedAt, UUID afterId, int limit) {
    return conversations.values().stream()
        .filter(c -> c.tenant().equals(tenant))
        .filter(
            c ->
                afterCreatedAt == null
                    || c.createdAt().isBefore(afterCreatedAt)
                    || (c.createdAt().equals(afterCreatedAt) && c.id().compareTo(afterId) < 0))
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .map(c -> find(tenant, c.id()).orElseThrow())
        .toList();
  }

  @Override
  public synchronized int count(TenantId tenant) {
    return (int) conversations.values().stream().filter(c -> c.tenant().equals(tenant)).count();
  }

  @Override
  public synchronized List<StoredMessage> messages(TenantId tenant, UUID conversationId) {
    Conversation c = conversations.get(conversationId);
    if (c == null || !c.tenant().equals(tenant)) {
      return List.of();
    }
    return List.copyOf(messages.get(conversationId));
  }

  @Override
  public synchronized Optional<Turn> startTurn(
      TenantId tenant,
      UUID conversationId,
      NewMessage user,
      String model,
      String tokenizer,
      Map<String, Object> context) {
    Conversation c = conversations.get(conversationId);
    if (c == null || !c.tenant().equals(tenant)) {
      return Optional.empty();
    }
    List<StoredMessage> list = messages.get(conversationId);
    if (list.stream().anyMatch(m -> m.status() == MessageStatus.STREAMING)) {
      throw new ReplyInProgressException();
    }
    int seq = list.isEmpty() ? 0 : list.get(list.size() - 1).seq();
    Instant now = clock.instant();
    StoredMessage u =
        new StoredMessage(
            UUID.randomUUID(),
            conversationId,
            seq + 1,
            ChatRole.USER,
            user.content(),
            null,
            MessageStatus.COMPLETE,
            user.contentTokens(),
            user.tokenizer(),
            null,
            null,
            null,
            null,
            null,
            now,
            now,
            null,
            user.attachments(),
            null);
    StoredMessage r =
        new StoredMessage(
            UUID.randomUUID(),
            conversationId,
            seq + 2,
            ChatRole.ASSISTANT,
            "",
            model,
            MessageStatus.STREAMING,
            0,
            tokenizer,
            null,
            null,
            null,
            context,
            null,
            now,
            null,
            null,
            null,
            null);
    list.add(u);
    list.add(r);
    conversations.put(
        conversationId,
        new Conversation(c.id(), tenant, c.title(), model, c.createdAt(), now, 0, 0));
    return Optional.of(new Turn(u, r));
  }

  @Override
  public synchronized void finishReply(UUID replyId, Ending e) {
    for (List<StoredMessage> list : messages.values()) {
      for (int i = 0; i < list.size(); i++) {
        StoredMessage m = list.get(i);
        if (m.id().equals(replyId) && m.status() == MessageStatus.STREAMING) {
          list.set(
              i,
              new StoredMessage(
                  m.id(),
                  m.conversationId(),
                  m.seq(),
                  m.role(),
                  e.content(),
                  m.model(),
                  e.status(),
                  e.contentTokens(),
                  m.tokenizer(),
                  e.promptTokens(),
                  e.completionTokens(),
                  e.credits(),
                  m.context(),
                  e.errorCode(),
                  m.createdAt(),
                  e.finishedAt(),
                  e.paidFrom(),
                  m.attachments(),
                  e.citations()));
          return;
        }
      }
    }
  }

  @Override
  public synchronized boolean delete(TenantId tenant, UUID id) {
    Conversation c = conversations.get(id);
    if (c == null || !c.tenant().equals(tenant)) {
      return false;
    }
    conversations.remove(id);
    messages.remove(id);
    return true;
  }

  @Override
  public synchronized int interruptStale(Instant startedBefore) {
    int n = 0;
    for (List<StoredMessage> list : messages.values()) {
      for (int i = 0; i < list.size(); i++) {
        StoredMessage m = list.get(i);
        if (m.status() == MessageStatus.STREAMING && m.createdAt().isBefore(startedBefore)) {
          list.set(
              i,
              new StoredMessage(
                  m.id(),
                  m.conversationId(),
                  m.seq(),
                  m.role(),
                  m.content(),
                  m.model(),
                  MessageStatus.INTERRUPTED,
                  m.contentTokens(),
                  m.tokenizer(),
                  m.promptTokens(),
                  m.completionTokens(),
                  m.credits(),
                  m.context(),
                  m.errorCode(),
                  m.createdAt(),
                  clock.instant(),
                  m.paidFrom(),
                  m.attachments(),
                  m.citations()));
          n++;
        }
      }
    }
    return n;
  }
}
