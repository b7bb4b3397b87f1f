package ai.omnix.pipeline.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ConversationStore} promises; the JDBC and in-memory stores both pass it. */
abstract class ConversationStoreContract {
  protected final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));

  protected abstract ConversationStore store();

  /** A tenant that exists in the store's database. */
  protected abstract TenantId aTenant();

  private static ConversationStore.NewMessage user(String text) {
    return new ConversationStore.NewMessage(text, text.length(), "cl100k_base");
  }

  private static ConversationStore.Ending complete(String text, int tokens) {
    return new ConversationStore.Ending(
        MessageStatus.COMPLETE,
        text,
        tokens,
        10,
        tokens,
        new BigDecimal("0.123456"),
        null,
        Instant.parse("2026-03-01T10:00:05Z"),
        "credits");
  }

  @Test
  void aTurnAppendsTheUserMessageAndAStreamingReplyThenFinishesIt() {
    TenantId tenant = aTenant();
    Conversation c = store().create(tenant, "Trip", "offline-chat");
    var turn =
        store()
            .startTurn(
                tenant,
                c.id(),
                user("hello"),
                "model-b",
                "o200k_base",
                Map.of("dropped_messages", 0))
            .orElseThrow();
    assertThat(turn.user().seq()).isEqualTo(1);
    assertThat(turn.reply().seq()).isEqualTo(2);
    assertThat(turn.reply().status()).isEqualTo(MessageStatus.STREAMING);
    store().finishReply(turn.reply().id(), complete("hi there", 2));
    // a second ending does not overwrite the first
    store()
        .finishReply(
            turn.reply().id(),
            new ConversationStore.Ending(
                MessageStatus.PARTIAL,
                "x",
                1,
                1,
                1,
                BigDecimal.ONE,
                "late",
                clock.instant(),
                null));
    List<StoredMessage> messages = store().messages(tenant, c.id());
    assertThat(messages)
        .extracting(StoredMessage::role)
        .containsExactly(ChatRole.USER, ChatRole.ASSISTANT);
    StoredMessage reply = messages.get(1);
    assertThat(reply.status()).isEqualTo(MessageStatus.COMPLETE);
    assertThat(reply.content()).isEqualTo("hi there");
    assertThat(reply.model()).isEqualTo("model-b");
    assertThat(reply.completionTokens()).isEqualTo(2);
    assertThat(reply.credits()).isEqualByComparingTo("0.123456");
    assertThat(reply.context()).containsEntry("dropped_messages", 0);
    Conversation after = store().find(tenant, c.id()).orElseThrow();
    assertThat(after.model()).isEqualTo("model-b");
    assertThat(after.messageCount()).isEqualTo(2);
    assertThat(after.tokenCount()).isEqualTo(5 + 2);
  }

  @Test
  void oneReplyStreamsAtATimePerConversation() {
    TenantId tenant = aTenant();
    Conversation c = store().create(tenant, null, "m");
    store().startTurn(tenant, c.id(), user("a"), "m", "cl100k_base", Map.of()).orElseThrow();
    assertThatThrownBy(
            () -> store().startTurn(tenant, c.id(), user("b"), "m", "cl100k_base", Map.of()))
        .isInstanceOf(ConversationStore.ReplyInProgressException.class);
  }

  @Test
  void anotherTenantSeesNothingAndChangesNothing() {
    TenantId owner = aTenant();
    TenantId other = aTenant();
    Conversation c = store().create(owner, null, "m");
    assertThat(store().find(other, c.id())).isEmpty();
    assertThat(store().messages(other, c.id())).isEmpty();
    assertThat(store().startTurn(other, c.id(), user("x"), "m", "cl100k_base", Map.of())).isEmpty();
    assertThat(store().delete(other, c.id())).isFalse();
    assertThat(store().list(other, null, null, 10)).isEmpty();
    assertThat(store().delete(owner, c.id())).isTrue();
    assertThat(store().find(owner, c.id())).isEmpty();
    assertThat(store().find(owner, UUID.randomUUID())).isEmpty();
  }

  @Test
  void listsNewestFirstFromACursor() {
    TenantId tenant = aTenant();
    Conversation a = store().create(tenant, "a", "m");
    clock.advance(Duration.ofSeconds(1));
    Conversation b = store().create(tenant, "b", "m");
    clock.advance(Duration.ofSeconds(1));
    Conversation c = store().create(tenant, "c", "m");
    List<Conversation> first = store().list(tenant, null, null, 2);
    assertThat(first).extracting(Conversation::id).containsExactly(c.id(), b.id());
    Conversation last = first.get(1);
    assertThat(store().list(tenant, last.createdAt(), last.id(), 2))
        .extracting(Conversation::id)
        .containsExactly(a.id());
    assertThat(store().count(tenant)).isEqualTo(3);
  }

  @Test
  void repliesLeftStreamingByADeadProcessAreMarkedInterrupted() {
    TenantId tenant = aTenant();
    Conversation c = store().create(tenant, null, "m");
    var turn =
        store().startTurn(tenant, c.id(), user("a"), "m", "cl100k_base", Map.of()).orElseThrow();
    assertThat(store().interruptStale(clock.instant().minusSeconds(1))).isZero();
    clock.advance(Duration.ofMinutes(20));
    assertThat(store().interruptStale(clock.instant().minus(Duration.ofMinutes(11)))).isEqualTo(1);
    assertThat(store().messages(tenant, c.id()).get(1).status())
        .isEqualTo(MessageStatus.INTERRUPTED);
    store().finishReply(turn.reply().id(), complete("too late", 2));
    assertThat(store().messages(tenant, c.id()).get(1).status())
        .isEqualTo(MessageStatus.INTERRUPTED);
    // the conversation takes new messages again
    assertThat(store().startTurn(tenant, c.id(), user("b"), "m", "cl100k_base", Map.of()))
        .isPresent();
  }

  @Test
  void aUserMessageKeepsItsAttachmentsAndAReplyItsCitations() {
    TenantId tenant = aTenant();
    Conversation c = store().create(tenant, null, "m");
    ConversationStore.Turn turn =
        store()
            .startTurn(
                tenant,
                c.id(),
                new ConversationStore.NewMessage(
                    "what does it say", 4, "cl100k_base", List.of("ast_one", "ast_two")),
                "m",
                "cl100k_base",
                Map.of())
            .orElseThrow();
    List<Map<String, Object>> citations =
        List.of(Map.of("asset_id", "ast_one", "page", 3), Map.of("asset_id", "ast_two", "page", 1));
    store()
        .finishReply(
            turn.reply().id(),
            new ConversationStore.Ending(
                MessageStatus.COMPLETE,
                "see [asset ast_one page 3]",
                6,
                10,
                6,
                BigDecimal.ONE,
                null,
                Instant.parse("2026-03-01T10:00:05Z"),
                "allowance",
                citations));

    List<StoredMessage> messages = store().messages(tenant, c.id());
    assertThat(messages.get(0).attachments()).containsExactly("ast_one", "ast_two");
    assertThat(messages.get(0).citations()).isEmpty();
    assertThat(messages.get(1).attachments()).isEmpty();
    assertThat(messages.get(1).citations()).isEqualTo(citations);
  }
}
