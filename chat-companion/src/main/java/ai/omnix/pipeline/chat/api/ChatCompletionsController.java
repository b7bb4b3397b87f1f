package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.chat.billing.ChatBilling;
import ai.omnix.pipeline.chat.context.TokenCounter;
import ai.omnix.pipeline.chat.stream.ChunkEncoder;
import ai.omnix.pipeline.chat.stream.ReplyOutcome;
import ai.omnix.pipeline.chat.stream.ReplyStream;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.tenant.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}, as OpenAI's SDKs call it: streamed as Server-Sent Events in
 * OpenAI's chunk format ending with {@code data: [DONE]}, or one {@code chat.completion} object.
 * Stateless: nothing is stored, the client sends the whole conversation, and a conversation longer
 * than the model's window is refused ({@code context_length_exceeded}) as OpenAI does, not cut.
 */
@RestController
public class ChatCompletionsController {
  private final ChatService chat;

  public ChatCompletionsController(ChatService chat) {
    this.chat = chat;
  }

  @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void complete(
      HttpServletRequest request,
      HttpServletResponse response,
      @RequestBody(required = false) Map<String, Object> body)
      throws IOException {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    ChatRequests.Completion completion = ChatRequests.completion(body, chat.limits());
    ChatService.Resolved resolved = chat.resolve(completion.model(), "model");
    ChatService.checkVision(resolved.model(), completion.messages());
    int reserved =
        ChatService.reservedForReply(resolved.model(), completion.maxTokens(), "max_tokens");
    TokenCounter counter = chat.counter(resolved.model());
    int promptTokens = TokenCounter.REPLY_PRIMING;
    for (ChatMessage message : completion.messages()) {
      promptTokens += counter.count(message);
    }
    int budget = resolved.model().contextWindow() - reserved;
    if (promptTokens > budget) {
      throw ChatProblems.invalid(
          "context_length_exceeded",
          "messages",
          "This model's context window leaves "
              + budget
              + " tokens for the prompt, but the messages need "
              + promptTokens
              + ".");
    }
    ChatRequest chatRequest =
        new ChatRequest(
            resolved.endpoint().providerModel(),
            completion.messages(),
            completion.temperature(),
            ChatService.maxTokens(resolved.model(), completion.maxTokens(), promptTokens),
            promptTokens);
    chat.acquireStream(tenant);
    ChunkEncoder encoder = chat.encoder(resolved.model().id(), completion.includeUsage());
    ChatBilling.Charge charge;
    try {
      charge =
          chat.billing()
              .open(
                  tenant,
                  resolved.model(),
                  encoder.id(),
                  chatRequest.promptTokens(),
                  chatRequest.maxTokens());
    } catch (RuntimeException e) {
      chat.releaseStream(tenant);
      throw e;
    }
    try {
      chat.stream(
          request,
          response,
          resolved,
          chatRequest,
          encoder,
          completion.stream(),
          completion.includeUsage(),
          Map.of(),
          new ReplyStream.Ending() {
            @Override
            public Map<String, Object> describe(ReplyOutcome outcome) {
              return Map.of("credits", credits(outcome), "paid_from", charge.paidFrom());
            }

            @Override
            public void ended(ReplyOutcome outcome) {
              try {
                chat.billing()
                    .close(
                        charge,
                        credits(outcome),
                        outcome.kind() == ReplyOutcome.Kind.FAILED
                            && outcome.completionTokens() == 0);
              } finally {
                chat.releaseStream(tenant);
              }
            }

            private BigDecimal credits(ReplyOutcome outcome) {
              return resolved
                  .model()
                  .price()
                  .credits(outcome.promptTokens(), outcome.completionTokens());
            }
          });
    } catch (IOException | RuntimeException e) {
      chat.billing().undo(charge);
      chat.releaseStream(tenant);
      throw e;
    }
  }
}
