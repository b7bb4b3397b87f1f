package ai.omnix.pipeline.chat.conversation.jdbc;

import ai.omnix.pipeline.chat.conversation.Conversation;
import ai.omnix.pipeline.chat.conversation.ConversationStore;
import ai.omnix.pipeline.chat.conversation.MessageStatus;
import ai.omnix.pipeline.chat.conversation.StoredMessage;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Conversations in PostgreSQL ({@code chat_conversations}, {@code chat_messages}). */
public final class JdbcConversationStore implements ConversationStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CONVERSATION_COLUMNS =
      """
      c.*, (select count(*) from chat_messages m where m.conversation_id = c.id) as message_count,
      (select coalesce(sum(m.content_tokens), 0) from chat_messages m where m.conversation_id = c.id)
        as token_count""";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcConversationStore(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public Conversation create(TenantId tenant, String title, String model) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql(
            "insert into chat_conversations (id, tenant_id, title, model, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(id, tenant.value(), title, model, Timestamp.from(now), Timestamp.from(now))
        .update();
    return new Conversation(id, tenant, title, model, now, now, 0, 0);
  }

  @Override
  public Optional<Conversation> find(TenantId tenant, UUID id) {
    return jdbc.sql(
            "select "
                + CONVERSATION_COLUMNS
                + " from chat_conversations c where c.tenant_id = ? and c.id = ?")
        .params(tenant.value(), id)
        .query(JdbcConversationStore::conversation)
        .optional();
  }

  @Override
  public List<Conversation> list(TenantId tenant, Instant afterCreatedAt, UUID afterId, int limit) {
    if (afterCreatedAt == null) {
      return jdbc.sql(
              "select "
                  + CONVERSATION_COLUMNS
                  + " from chat_conversations c where c.tenant_id = ?"
                  + " order by c.created_at desc, c.id desc limit ?")
          .params(tenant.value(), limit)
          .query(JdbcConversationStore::conversation)
          .list();
    }
    return jdbc.sql(
            "select "
                + CONVERSATION_COLUMNS
                + " from chat_conversations c where c.tenant_id = ? and (c.created_at, c.id) < (?, ?)"
                + " order by c.created_at desc, c.id desc limit ?")
        .params(tenant.value(), Timestamp.from(afterCreatedAt), afterId, limit)
        .query(JdbcConversationStore::conversation)
        .list();
  }

  @Override
  public int count(TenantId tenant) {
    return jdbc.sql("select count(*) from chat_conversations where tenant_id = ?")
        .param(tenant.value())
        .query(Integer.class)
        .single();
  }

  @Override
  public List<StoredMessage> messages(TenantId tenant, UUID conversationId) {
    return jdbc.sql(
            "select * from chat_messages where tenant_id = ? and conversation_id = ? order by seq")
        .params(tenant.value(), conversationId)
        .query(JdbcConversationStore::message)
        .list();
  }

  @Override
  public Optional<Turn> startTurn(
      TenantId tenant,
      UUID conversationId,
      NewMessage user,
      String model,
      String tokenizer,
      Map<String, Object> context) {
    return tx.execute(
        status -> {
          Optional<UUID> locked =
              jdbc.sql(
                      "select id from chat_conversations where tenant_id = ? and id = ? for update")
                  .params(tenant.value(), conversationId)
                  .query(UUID.class)
                  .optional();
          if (locked.isEmpty()) {
            return Optional.<Turn>empty();
          }
          boolean streaming =
              jdbc.sql(
                      "select exists (select 1 from chat_messages where conversation_id = ?"
                          + " and status = 'streaming')")
                  .param(conversationId)
                  .query(Boolean.class)
                  .single();
          if (streaming) {
            throw new ReplyInProgressException();
          }
          int seq =
              jdbc.sql("select coalesce(max(seq), 0) from chat_messages where conversation_id = ?")
                  .param(conversationId)
                  .query(Integer.class)
                  .single();
          Instant now = clock.instant();
          StoredMessage userMessage =
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
          StoredMessage reply =
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
          insert(tenant, userMessage);
          insert(tenant, reply);
          jdbc.sql("update chat_conversations set model = ?, updated_at = ? where id = ?")
              .params(model, Timestamp.from(now), conversationId)
              .update();
          return Optional.of(new Turn(userMessage, reply));
        });
  }

  private void insert(TenantId tenant, StoredMessage m) {
    jdbc.sql(
            """
        insert into chat_messages (id, conversation_id, tenant_id, seq, role, content, model, status,
          content_tokens, tokenizer, context, created_at, finished_at, attachments)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, cast(? as jsonb))""")
        .params(
            m.id(),
            m.conversationId(),
            tenant.value(),
            m.seq(),
            m.role().wireName(),
            m.content(),
            m.model(),
            m.status().wireName(),
            m.contentTokens(),
            m.tokenizer(),
            m.context() == null ? null : JSON.writeValueAsString(m.context()),
            Timestamp.from(m.createdAt()),
            m.finishedAt() == null ? null : Timestamp.from(m.finishedAt()),
            m.attachments().isEmpty() ? null : JSON.writeValueAsString(m.attachments()))
        .update();
  }

  @Override
  public void finishReply(UUID replyId, Ending e) {
    jdbc.sql(
            """
        update chat_messages set status = ?, content = ?, content_tokens = ?, prompt_tokens = ?,
          completion_tokens = ?, credits = ?, error_code = ?, finished_at = ?, paid_from = ?,
          citations = cast(? as jsonb)
        where id = ? and status = 'streaming'""")
        .params(
            e.status().wireName(),
            e.content(),
            e.contentTokens(),
            e.promptTokens(),
            e.completionTokens(),
            e.credits(),
            e.errorCode(),
            Timestamp.from(e.finishedAt()),
            e.paidFrom(),
            e.citations().isEmpty() ? null : JSON.writeValueAsString(e.citations()),
            replyId)
        .update();
  }

  @Override
  public boolean delete(TenantId tenant, UUID id) {
    return jdbc.sql("delete from chat_conversations where tenant_id = ? and id = ?")
            .params(tenant.value(), id)
            .update()
        > 0;
  }

  @Override
  public int interruptStale(Instant startedBefore) {
    return jdbc.sql(
            "update chat_messages set status = 'interrupted', finished_at = ?"
                + " where status = 'streaming' and created_at < ?")
        .params(Timestamp.from(clock.instant()), Timestamp.from(startedBefore))
        .update();
  }

  private static Conversation conversation(ResultSet rs, int row) throws SQLException {
    return new Conversation(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getString("tenant_id")),
        rs.getString("title"),
        rs.getString("model"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getInt("message_count"),
        rs.getLong("token_count"));
  }

  private static StoredMessage message(ResultSet rs, int row) throws SQLException {
    String context = rs.getString("context");
    String attachments = rs.getString("attachments");
    String citations = rs.getString("citations");
    Timestamp finished = rs.getTimestamp("finished_at");
    return new StoredMessage(
        rs.getObject("id", UUID.class),
        rs.getObject("conversation_id", UUID.class),
        rs.getInt("seq"),
        ChatRole.fromWireName(rs.getString("role")).orElseThrow(),
        rs.getString("content"),
        rs.getString("model"),
        MessageStatus.fromWireName(rs.getString("status")),
        rs.getInt("content_tokens"),
        rs.getString("tokenizer"),
        (Integer) rs.getObject("prompt_tokens"),
        (Integer) rs.getObject("completion_tokens"),
        rs.getBigDecimal("credits"),
        context == null
            ? null
            : JSON.readValue(context, new TypeReference<Map<String, Object>>() {}),
        rs.getString("error_code"),
        rs.getTimestamp("created_at").toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getString("paid_from"),
        attachments == null
            ? null
            : JSON.readValue(attachments, new TypeReference<List<String>>() {}),
        citations == null
            ? null
            : JSON.readValue(citations, new TypeReference<List<Map<String, Object>>>() {}));
  }
}
