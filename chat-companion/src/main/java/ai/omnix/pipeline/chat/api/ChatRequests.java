package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.chat.limits.ChatLimits;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of chat request bodies (parsed JSON maps). Everything is bounded by {@link
 * ChatLimits}; anything we cannot honour is refused with its parameter named, never ignored
 * silently when it would change the answer (tools, several choices, JSON mode).
 */
final class ChatRequests {
  /** Parameters OpenAI SDKs send that change nothing we promise; accepted and not used yet. */
  private static final Set<String> REFUSED_IF_SET =
      Set.of("tools", "functions", "audio", "prediction", "web_search_options");

  private ChatRequests() {}

  /** A {@code POST /v1/chat/completions} body. */
  record Completion(
      String model,
      List<ChatMessage> messages,
      boolean stream,
      boolean includeUsage,
      Double temperature,
      Integer maxTokens) {}

  static Completion completion(Map<String, Object> body, ChatLimits limits) {
    if (body == null) {
      throw ChatProblems.invalid(
          "invalid_request", null, "The request body must be a JSON object.");
    }
    String model = requiredString(body, "model", 200);
    for (String name : REFUSED_IF_SET) {
      Object value = body.get(name);
      if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
        throw unsupported(name);
      }
    }
    Object toolChoice = body.get("tool_choice");
    if (toolChoice != null && !"none".equals(toolChoice)) {
      throw unsupported("tool_choice");
    }
    Object n = body.get("n");
    if (n != null && !(n instanceof Number number && number.intValue() == 1)) {
      throw unsupported("n");
    }
    if (Boolean.TRUE.equals(body.get("logprobs"))) {
      throw unsupported("logprobs");
    }
    if (body.get("response_format") instanceof Map<?, ?> format
        && !"text".equals(format.get("type"))) {
      throw unsupported("response_format");
    }
    if (body.get("modalities") instanceof List<?> modalities
        && !modalities.stream().allMatch("text"::equals)) {
      throw unsupported("modalities");
    }
    if (!(body.get("messages") instanceof List<?> raw) || raw.isEmpty()) {
      throw ChatProblems.invalid(
          "invalid_request", "messages", "messages must be a non-empty array.");
    }
    if (raw.size() > limits.maxMessages()) {
      throw ChatProblems.invalid(
          "too_many_messages",
          "messages",
          "At most " + limits.maxMessages() + " messages per request.");
    }
    List<ChatMessage> messages = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      messages.add(message(raw.get(i), "messages[" + i + "]", limits));
    }
    boolean stream = bool(body, "stream");
    boolean includeUsage =
        body.get("stream_options") instanceof Map<?, ?> options
            && Boolean.TRUE.equals(options.get("include_usage"));
    Object maxTokens = body.get("max_completion_tokens");
    String maxTokensParam = "max_completion_tokens";
    if (maxTokens == null) {
      maxTokens = body.get("max_tokens");
      maxTokensParam = "max_tokens";
    }
    return new Completion(
        model,
        messages,
        stream,
        includeUsage,
        temperature(body.get("temperature")),
        maxTokens(maxTokens, maxTokensParam));
  }

  private static ChatMessage message(Object raw, String param, ChatLimits limits) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw ChatProblems.invalid("invalid_request", param, param + " must be an object.");
    }
    Object roleName = m.get("role");
    ChatRole role =
        switch (roleName instanceof String s ? s : "") {
          case "system", "developer" -> ChatRole.SYSTEM;
          case "user" -> ChatRole.USER;
          case "assistant" -> ChatRole.ASSISTANT;
          case "tool", "function" -> throw unsupported(param + ".role");
          default ->
              throw ChatProblems.invalid(
                  "invalid_request",
                  param + ".role",
                  param + ".role must be system, developer, user or assistant.");
        };
    if (m.get("tool_calls") instanceof List<?> calls && !calls.isEmpty()) {
      throw unsupported(param + ".tool_calls");
    }
    List<ChatPart> parts = content(m.get("content"), param + ".content", limits);
    if (role != ChatRole.USER && parts.stream().anyMatch(ChatPart.ImageUrl.class::isInstance)) {
      throw ChatProblems.invalid(
          "unsupported_content", param + ".content", "Only user messages may contain images.");
    }
    return new ChatMessage(role, parts);
  }

  /** A message's content: a string, or an array of text and image_url parts. */
  static List<ChatPart> content(Object content, String param, ChatLimits limits) {
    if (content instanceof String text) {
      checkLength(text.length(), param, limits);
      return List.of(new ChatPart.Text(text));
    }
    if (!(content instanceof List<?> list) || list.isEmpty()) {
      throw ChatProblems.invalid(
          "invalid_request", param, param + " must be a string or a non-empty array of parts.");
    }
    if (list.size() > limits.maxAttachments() + 50) {
      throw ChatProblems.invalid("invalid_request", param, param + " has too many parts.");
    }
    List<ChatPart> parts = new ArrayList<>(list.size());
    int chars = 0;
    int images = 0;
    for (int i = 0; i < list.size(); i++) {
      String partParam = param + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> part)) {
        throw ChatProblems.invalid("invalid_request", partParam, partParam + " must be an object.");
      }
      Object type = part.get("type");
      if ("text".equals(type) && part.get("text") instanceof String text) {
        chars += text.length();
        checkLength(chars, param, limits);
        parts.add(new ChatPart.Text(text));
      } else if ("image_url".equals(type)) {
        if (++images > limits.maxAttachments()) {
          throw ChatProblems.invalid(
              "too_many_attachments",
              param,
              "At most " + limits.maxAttachments() + " images per message.");
        }
        parts.add(image(part.get("image_url"), partParam + ".image_url"));
      } else {
        throw ChatProblems.invalid(
            "unsupported_content", partParam + ".type", "Content parts must be text or image_url.");
      }
    }
    return parts;
  }

  private static ChatPart.ImageUrl image(Object raw, String param) {
    String url = null;
    String detail = null;
    if (raw instanceof String s) {
      url = s;
    } else if (raw instanceof Map<?, ?> m && m.get("url") instanceof String s) {
      url = s;
      detail = m.get("detail") instanceof String d ? d : null;
    }
    if (url == null
        || !(url.startsWith("https://")
            || url.startsWith("http://")
            || url.startsWith("data:image/"))) {
      throw ChatProblems.invalid(
          "invalid_image_url", param, "An image must be an https URL or a data:image/... URL.");
    }
    if (detail != null && !Set.of("auto", "low", "high").contains(detail)) {
      throw ChatProblems.invalid(
          "invalid_request", param + ".detail", "detail must be auto, low or high.");
    }
    return new ChatPart.ImageUrl(url, detail);
  }

  private static void checkLength(int chars, String param, ChatLimits limits) {
    if (chars > limits.maxMessageChars()) {
      throw ChatProblems.invalid(
          "message_too_large",
          param,
          "A message may hold at most " + limits.maxMessageChars() + " characters.");
    }
  }

  static String requiredString(Map<String, Object> body, String name, int maxLength) {
    Object value = body.get(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw ChatProblems.invalid("invalid_request", name, name + " is required (a string).");
    }
    if (s.length() > maxLength) {
      throw ChatProblems.invalid("invalid_request", name, name + " is too long.");
    }
    return s;
  }

  static String optionalString(Map<String, Object> body, String name, int maxLength) {
    Object value = body.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.length() > maxLength) {
      throw ChatProblems.invalid(
          "invalid_request",
          name,
          name + " must be a string of at most " + maxLength + " characters.");
    }
    return s;
  }

  static boolean bool(Map<String, Object> body, String name) {
    Object value = body.get(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw ChatProblems.invalid("invalid_request", name, name + " must be true or false.");
    }
    return b;
  }

  static Double temperature(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 2) {
      throw ChatProblems.invalid(
          "invalid_request", "temperature", "temperature must be a number from 0 to 2.");
    }
    return n.doubleValue();
  }

  static Integer maxTokens(Object value, String param) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer n) || n < 1) {
      throw ChatProblems.invalid("invalid_request", param, param + " must be a positive integer.");
    }
    return n;
  }

  private static RuntimeException unsupported(String param) {
    return ChatProblems.invalid(
        "unsupported_parameter", param, param + " is not supported by this server.");
  }
}
