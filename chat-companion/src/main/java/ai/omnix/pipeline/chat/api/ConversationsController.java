package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.paging.PageCursor;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.chat.attachment.AttachedDocument;
import ai.omnix.pipeline.chat.attachment.ChatAttachments;
import ai.omnix.pipeline.chat.attachment.DocumentContext;
import ai.omnix.pipeline.chat.attachment.PageMarkers;
import ai.omnix.pipeline.chat.billing.ChatBilling;
import ai.omnix.pipeline.chat.context.ContextWindow;
import ai.omnix.pipeline.chat.context.TokenCounter;
import ai.omnix.pipeline.chat.conversation.Conversation;
import ai.omnix.pipeline.chat.conversation.ConversationStore;
import ai.omnix.pipeline.chat.conversation.MessageStatus;
import ai.omnix.pipeline.chat.conversation.StoredMessage;
import ai.omnix.pipeline.chat.stream.ChunkEncoder;
import ai.omnix.pipeline.chat.stream.ReplyOutcome;
import ai.omnix.pipeline.chat.stream.ReplyStream;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.chat.CustomInstructions;
import ai.omnix.pipeline.core.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Conversations kept in PostgreSQL. A message is answered by the conversation's model or the one it
 * names, with the whole history (whichever models wrote it) fitted into that model's window by
 * dropping the oldest turns; the reply streams in the same SSE format as {@code
 * /v1/chat/completions}, with our metadata (ids, how the history was fitted, credits) under {@code
 * omnix} in the first and last chunks. Errors here are problem+json.
 */
@RestController
public class ConversationsController {
  private static final int MAX_LIMIT = 100;
  private final ChatService chat;
  private final ConversationStore conversations;
  private final CustomInstructions instructions;
  private final String defaultModel;
  private final ChatAttachments attachments;
  private final int maxAttachmentChars;

  public ConversationsController(
      ChatService chat,
      ConversationStore conversations,
      CustomInstructions instructions,
      String defaultModel) {
    this(chat, conversations, instructions, defaultModel, null, 0);
  }

  /**
   * @param attachments reads attached documents and images; null refuses {@code asset_ids}
   * @param maxAttachmentChars the most document text one message may put in the prompt
   */
  public ConversationsController(
      ChatService chat,
      ConversationStore conversations,
      CustomInstructions instructions,
      String defaultModel,
      ChatAttachments attachments,
      int maxAttachmentChars) {
    this.chat = chat;
    this.conversations = conversations;
    this.instructions = instructions;
    this.defaultModel = defaultModel;
    this.attachments = attachments;
    this.maxAttachmentChars = maxAttachmentChars;
  }

  @PostMapping(
      path = "/v1/conversations",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> create(
      HttpServletRequest request, @RequestBody(required = false) Map<String, Object> body) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    Map<String, Object> fields = body == null ? Map.of() : body;
    String title = ChatRequests.optionalString(fields, "title", chat.limits().maxTitleChars());
    String model = ChatRequests.optionalString(fields, "model", 200);
    model = model == null ? defaultModel : model;
    chat.resolve(model, "model");
    if (conversations.count(tenant.id()) >= chat.limits().maxConversations()) {
      throw ChatProblems.of(
          409,
          "too_many_conversations",
          "Too many conversations",
          null,
          "A tenant may keep at most "
              + chat.limits().maxConversations()
              + " conversations; delete some first.");
    }
    Conversation created = conversations.create(tenant.id(), title, model);
    return ResponseEntity.status(201).body(wire(created));
  }

  @GetMapping(path = "/v1/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list(
      HttpServletRequest request,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String limit) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    int pageSize = limit(limit);
    PageCursor after = cursor == null ? null : PageCursor.decode(cursor);
    UUID afterId = after == null ? null : uuid(after.id(), "invalid_cursor");
    List<Conversation> page =
        conversations.list(
            tenant.id(), after == null ? null : after.createdAt(), afterId, pageSize + 1);
    boolean more = page.size() > pageSize;
    List<Conversation> shown = more ? page.subList(0, pageSize) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", shown.stream().map(ConversationsController::wire).toList());
    body.put("has_more", more);
    Conversation last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
    body.put(
        "next_cursor",
        more ? new PageCursor(last.createdAt(), last.id().toString()).encode() : null);
    return body;
  }

  @GetMapping(path = "/v1/conversations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    UUID conversationId = conversationId(id);
    Conversation conversation =
        conversations.find(tenant.id(), conversationId).orElseThrow(() -> notFound(id));
    Map<String, Object> wire = wire(conversation);
    wire.put(
        "messages",
        conversations.messages(tenant.id(), conversationId).stream()
            .map(ConversationsController::wire)
            .toList());
    return wire;
  }

  @DeleteMapping(path = "/v1/conversations/{id}")
  public ResponseEntity<Void> delete(HttpServletRequest request, @PathVariable String id) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    if (!conversations.delete(tenant.id(), conversationId(id))) {
      throw notFound(id);
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping(
      path = "/v1/conversations/{id}/messages",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  public void message(
      HttpServletRequest request,
      HttpServletResponse response,
      @PathVariable String id,
      @RequestBody(required = false) Map<String, Object> body)
      throws IOException {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    UUID conversationId = conversationId(id);
    if (body == null) {
      throw ChatProblems.invalid(
          "invalid_request", null, "The request body must be a JSON object.");
    }
    Object rawContent = body.get("content");
    if (!(rawContent instanceof String content) || content.isBlank()) {
      throw ChatProblems.invalid("invalid_request", "content", "content is required (a string).");
    }
    if (content.length() > chat.limits().maxMessageChars()) {
      throw ChatProblems.invalid(
          "message_too_large",
          "content",
          "A message may hold at most " + chat.limits().maxMessageChars() + " characters.");
    }
    List<String> assetIds = checkAttachments(body.get("asset_ids"));
    String requestedModel = ChatRequests.optionalString(body, "model", 200);
    boolean streaming = !Boolean.FALSE.equals(body.get("stream"));
    if (body.get("stream") != null && !(body.get("stream") instanceof Boolean)) {
      throw ChatProblems.invalid("invalid_request", "stream", "stream must be true or false.");
    }
    Double temperature = ChatRequests.temperature(body.get("temperature"));
    Integer maxTokens = ChatRequests.maxTokens(body.get("max_tokens"), "max_tokens");

    Conversation conversation =
        conversations.find(tenant.id(), conversationId).orElseThrow(() -> notFound(id));
    ChatService.Resolved resolved =
        chat.resolve(requestedModel == null ? conversation.model() : requestedModel, "model");
    var limits = chat.limits();
    TokenCounter counter = chat.counter(resolved.model());
    ChatAttachments.Attached attached =
        assetIds.isEmpty()
            ? new ChatAttachments.Attached(List.of(), List.of())
            : attachments.resolve(
                tenant, assetIds, resolved.model().vision(), resolved.model().id());
    List<ChatPart> parts = new ArrayList<>();
    parts.add(new ChatPart.Text(content));
    attached.images().forEach(image -> parts.add(image.part()));
    ChatMessage newest = new ChatMessage(ChatRole.USER, parts);
    int contentTokens = counter.count(content);
    if (conversation.messageCount() + 2 > limits.maxConversationMessages()
        || conversation.tokenCount() + contentTokens > limits.maxConversationTokens()) {
      throw ChatProblems.of(
          409,
          "conversation_full",
          "Conversation full",
          null,
          "A conversation holds at most "
              + limits.maxConversationMessages()
              + " messages and "
              + limits.maxConversationTokens()
              + " tokens; start a new one.");
    }

    List<StoredMessage> stored = conversations.messages(tenant.id(), conversationId);
    // documents attached earlier in the conversation stay in view (newest first), after this
    // message's own
    List<String> earlierIds = new ArrayList<>();
    for (int i = stored.size() - 1; i >= 0; i--) {
      for (String earlier : stored.get(i).attachments()) {
        if (!assetIds.contains(earlier)
            && !earlierIds.contains(earlier)
            && earlierIds.size() < chat.limits().maxAttachments()) {
          earlierIds.add(earlier);
        }
      }
    }
    List<AttachedDocument> allDocuments = new ArrayList<>(attached.documents());
    if (!earlierIds.isEmpty() && attachments != null) {
      allDocuments.addAll(attachments.earlier(tenant, earlierIds));
    }
    List<ContextWindow.Sized> history = new ArrayList<>();
    for (StoredMessage m : stored) {
      if (m.content().isEmpty() || m.status() == MessageStatus.STREAMING) {
        continue;
      }
      int tokens =
          (counter.name().equals(m.tokenizer()) ? m.contentTokens() : counter.count(m.content()))
              + TokenCounter.PER_MESSAGE;
      history.add(new ContextWindow.Sized(ChatMessage.text(m.role(), m.content()), tokens));
    }
    Optional<String> system = instructions.find(tenant.id());
    int reserved = ChatService.reservedForReply(resolved.model(), maxTokens, "max_tokens");
    int newestTokens = counter.count(newest);
    // documents take what the window leaves after the instructions, the message, the reply and
    // some history
    int documentBudget =
        resolved.model().contextWindow()
            - reserved
            - TokenCounter.REPLY_PRIMING
            - newestTokens
            - system.map(s -> counter.count(s) + TokenCounter.PER_MESSAGE).orElse(0)
            - TokenCounter.PER_MESSAGE
            - 2;
    // the latest history keeps up to a quarter of that room: a follow-up makes sense only with it
    int historyTokens = history.stream().mapToInt(ContextWindow.Sized::tokens).sum();
    documentBudget -= Math.min(historyTokens, Math.max(0, documentBudget) / 4);
    DocumentContext.Built documents =
        DocumentContext.build(allDocuments, counter, documentBudget, maxAttachmentChars);
    String systemText =
        system.isPresent() && documents.text() != null
            ? system.get() + "\n\n" + documents.text()
            : system.orElse(documents.text());
    ContextWindow.Sized systemSized =
        systemText == null
            ? null
            : new ContextWindow.Sized(
                ChatMessage.text(ChatRole.SYSTEM, systemText),
                counter.count(ChatMessage.text(ChatRole.SYSTEM, systemText)));
    ContextWindow.Fitted fitted;
    try {
      fitted =
          ContextWindow.fit(
              systemSized,
              history,
              new ContextWindow.Sized(newest, newestTokens),
              resolved.model().contextWindow(),
              reserved);
    } catch (ContextWindow.Overflow overflow) {
      throw ChatService.contextExceeded(overflow);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("strategy", "drop_oldest");
    context.put("dropped_messages", fitted.droppedMessages());
    context.put("kept_messages", history.size() - fitted.droppedMessages());
    context.put("prompt_tokens", fitted.promptTokens());
    context.put("context_window", resolved.model().contextWindow());
    context.put("tokenizer", counter.name());
    context.put("custom_instructions", system.isPresent());
    if (!allDocuments.isEmpty()) {
      List<Map<String, Object>> described = new ArrayList<>();
      for (Map<String, Object> d : documents.documents()) {
        Map<String, Object> entry = new LinkedHashMap<>(d);
        entry.put("attached", assetIds.contains((String) d.get("asset_id")) ? "now" : "earlier");
        described.add(entry);
      }
      context.put("documents", described);
      context.put("document_tokens", documents.tokens());
      context.put("documents_truncated", documents.truncated());
    }
    if (!attached.images().isEmpty()) {
      context.put(
          "images",
          attached.images().stream().map(ChatAttachments.AttachedImage::assetId).toList());
    }
    Set<PageMarkers.Citation> pagesSent = documents.pagesSent();

    chat.acquireStream(tenant);
    ConversationStore.Turn turn;
    try {
      turn =
          conversations
              .startTurn(
                  tenant.id(),
                  conversationId,
                  new ConversationStore.NewMessage(
                      content,
                      contentTokens,
                      counter.name(),
                      attached.isEmpty() ? List.of() : assetIds),
                  resolved.model().id(),
                  counter.name(),
                  context)
              .orElseThrow(() -> notFound(id));
    } catch (ConversationStore.ReplyInProgressException e) {
      chat.releaseStream(tenant);
      throw ChatProblems.of(
          409, "reply_in_progress", "Reply in progress", null, e.getMessage() + "; wait for it.");
    } catch (RuntimeException e) {
      chat.releaseStream(tenant);
      throw e;
    }
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("conversation_id", conversationId.toString());
    first.put("user_message_id", turn.user().id().toString());
    first.put("message_id", turn.reply().id().toString());
    first.put("context", context);
    response.setHeader("X-Omnix-Conversation-Id", conversationId.toString());
    response.setHeader("X-Omnix-Message-Id", turn.reply().id().toString());
    ChatRequest chatRequest =
        new ChatRequest(
            resolved.endpoint().providerModel(),
            fitted.messages(),
            temperature,
            ChatService.maxTokens(resolved.model(), maxTokens, fitted.promptTokens()),
            fitted.promptTokens());
    UUID replyId = turn.reply().id();
    ChatBilling.Charge charge;
    try {
      charge =
          chat.billing()
              .open(
                  tenant,
                  resolved.model(),
                  replyId.toString(),
                  fitted.promptTokens(),
                  chatRequest.maxTokens());
    } catch (RuntimeException e) {
      conversations.finishReply(
          replyId,
          new ConversationStore.Ending(
              MessageStatus.FAILED,
              "",
              0,
              fitted.promptTokens(),
              0,
              BigDecimal.ZERO,
              e instanceof ApiProblem refused ? refused.code() : "internal_error",
              chat.clock().instant(),
              null));
      chat.releaseStream(tenant);
      throw e;
    }
    try {
      chat.stream(
          request,
          response,
          resolved,
          chatRequest,
          chat.encoder(resolved.model().id(), true),
          streaming,
          true,
          first,
          new ReplyStream.Ending() {
            @Override
            public Map<String, Object> describe(ReplyOutcome outcome) {
              Map<String, Object> last = new LinkedHashMap<>(first);
              last.put(
                  "credits",
                  resolved
                      .model()
                      .price()
                      .credits(outcome.promptTokens(), outcome.completionTokens()));
              last.put(
                  "citations", PageMarkers.wire(PageMarkers.citations(outcome.text(), pagesSent)));
              return last;
            }

            @Override
            public void ended(ReplyOutcome outcome) {
              try {
                BigDecimal credits =
                    resolved
                        .model()
                        .price()
                        .credits(outcome.promptTokens(), outcome.completionTokens());
                boolean generatedNothing =
                    outcome.kind() == ReplyOutcome.Kind.FAILED && outcome.completionTokens() == 0;
                String paidFrom = generatedNothing ? null : charge.paidFrom();
                try {
                  chat.billing().close(charge, credits, generatedNothing);
                } catch (RuntimeException e) {
                  // the reply is stored anyway; the hold stays open for the reconciliation run
                  LoggerFactory.getLogger(ConversationsController.class)
                      .error("settling chat message {} failed", replyId, e);
                }
                MessageStatus status =
                    switch (outcome.kind()) {
                      case COMPLETE -> MessageStatus.COMPLETE;
                      case CLIENT_GONE -> MessageStatus.PARTIAL;
                      case FAILED -> MessageStatus.FAILED;
                    };
                conversations.finishReply(
                    replyId,
                    new ConversationStore.Ending(
                        status,
                        outcome.text(),
                        counter.count(outcome.text()),
                        outcome.promptTokens(),
                        outcome.completionTokens(),
                        credits,
                        outcome.error() == null
                            ? (outcome.kind() == ReplyOutcome.Kind.CLIENT_GONE
                                ? "client_disconnected"
                                : null)
                            : "provider_" + outcome.error().kind().name().toLowerCase(),
                        chat.clock().instant(),
                        paidFrom,
                        PageMarkers.wire(PageMarkers.citations(outcome.text(), pagesSent))));
              } finally {
                chat.releaseStream(tenant);
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      chat.billing().undo(charge);
      conversations.finishReply(
          replyId,
          new ConversationStore.Ending(
              MessageStatus.FAILED,
              "",
              0,
              fitted.promptTokens(),
              0,
              BigDecimal.ZERO,
              "internal_error",
              chat.clock().instant(),
              null));
      chat.releaseStream(tenant);
      throw e;
    }
  }

  private List<String> checkAttachments(Object assetIds) {
    if (assetIds == null) {
      return List.of();
    }
    if (!(assetIds instanceof List<?> ids) || !ids.stream().allMatch(String.class::isInstance)) {
      throw ChatProblems.invalid(
          "invalid_request", "asset_ids", "asset_ids must be an array of asset ids.");
    }
    if (ids.size() > chat.limits().maxAttachments()) {
      throw ChatProblems.invalid(
          "too_many_attachments",
          "asset_ids",
          "At most " + chat.limits().maxAttachments() + " attachments per message.");
    }
    if (!ids.isEmpty() && attachments == null) {
      throw ChatProblems.of(
          422,
          "attachments_not_supported",
          "Attachments not supported",
          "asset_ids",
          "Documents and images in conversations are not available on this server.");
    }
    return ids.stream().map(String.class::cast).distinct().toList();
  }

  private static int limit(String limit) {
    if (limit == null) {
      return 20;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the problem below
    }
    throw ApiProblem.badRequest(
        "invalid_query", "limit must be an integer from 1 to " + MAX_LIMIT + ".");
  }

  private static UUID conversationId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw notFound(id);
    }
  }

  private static UUID uuid(String id, String code) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(code, "The cursor is not one this API returned.");
    }
  }

  private static ApiProblem notFound(String id) {
    return ApiProblem.notFound("Conversation " + (id.length() > 64 ? id.substring(0, 64) : id));
  }

  static Map<String, Object> wire(Conversation c) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", c.id().toString());
    wire.put("object", "conversation");
    wire.put("title", c.title());
    wire.put("model", c.model());
    wire.put("message_count", c.messageCount());
    wire.put("token_count", c.tokenCount());
    wire.put("created_at", c.createdAt().toString());
    wire.put("updated_at", c.updatedAt().toString());
    return wire;
  }

  static Map<String, Object> wire(StoredMessage m) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", m.id().toString());
    wire.put("object", "conversation.message");
    wire.put("role", m.role().wireName());
    wire.put("content", m.content());
    wire.put("model", m.model());
    wire.put("status", m.status().wireName());
    wire.put("tokens", m.contentTokens());
    if (m.role() == ChatRole.ASSISTANT) {
      wire.put(
          "usage",
          m.promptTokens() == null
              ? null
              : ChunkEncoder.usage(
                  m.promptTokens(), m.completionTokens() == null ? 0 : m.completionTokens()));
      wire.put("credits", m.credits());
      wire.put("paid_from", m.paidFrom());
      wire.put("context", m.context());
      wire.put("error_code", m.errorCode());
      wire.put("citations", m.citations());
    } else {
      wire.put("asset_ids", m.attachments());
    }
    wire.put("created_at", m.createdAt().toString());
    wire.put("finished_at", m.finishedAt() == null ? null : m.finishedAt().toString());
    return wire;
  }
}
