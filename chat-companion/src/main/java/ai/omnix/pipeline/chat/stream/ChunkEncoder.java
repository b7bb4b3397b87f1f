package ai.omnix.pipeline.chat.stream;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's {@code chat.completion.chunk} events as Server-Sent Events ({@code data: …\n\n}), and
 * the {@code chat.completion} object. A content chunk is the stream's fixed prefix, the escaped
 * text and a fixed suffix: no object mapping per token.
 */
public final class ChunkEncoder {
  public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final String id;
  private final long created;
  private final String model;
  private final boolean includeUsage;
  private final byte[] contentPrefix;
  private final byte[] contentSuffix;

  /**
   * @param includeUsage whether every chunk carries {@code "usage":null} and a last chunk carries
   *     the usage ({@code stream_options.include_usage})
   */
  public ChunkEncoder(String id, long created, String model, boolean includeUsage) {
    this.id = id;
    this.created = created;
    this.model = model;
    this.includeUsage = includeUsage;
    String head =
        "data: {\"id\":"
            + quote(id)
            + ",\"object\":\"chat.completion.chunk\",\"created\":"
            + created
            + ",\"model\":"
            + quote(model)
            + ",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
    this.contentPrefix = head.getBytes(StandardCharsets.UTF_8);
    this.contentSuffix =
        ("\"},\"logprobs\":null,\"finish_reason\":null}]"
                + (includeUsage ? ",\"usage\":null" : "")
                + "}\n\n")
            .getBytes(StandardCharsets.UTF_8);
  }

  public String id() {
    return id;
  }

  public long created() {
    return created;
  }

  public String model() {
    return model;
  }

  /** The first chunk: the assistant role, and our own metadata under {@code omnix} if any. */
  public byte[] roleChunk(Map<String, Object> omnix) {
    Map<String, Object> delta = new LinkedHashMap<>();
    delta.put("role", "assistant");
    delta.put("content", "");
    Map<String, Object> chunk = chunk(delta, null);
    if (omnix != null && !omnix.isEmpty()) {
      chunk.put("omnix", omnix);
    }
    return event(chunk);
  }

  public byte[] contentChunk(String text) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
    byte[] event = new byte[contentPrefix.length + escaped.length + contentSuffix.length];
    System.arraycopy(contentPrefix, 0, event, 0, contentPrefix.length);
    System.arraycopy(escaped, 0, event, contentPrefix.length, escaped.length);
    System.arraycopy(
        contentSuffix, 0, event, contentPrefix.length + escaped.length, contentSuffix.length);
    return event;
  }

  /** The chunk with the finish reason and an empty delta. */
  public byte[] finishChunk(String finishReason) {
    return event(chunk(Map.of(), finishReason));
  }

  /**
   * The last chunk with {@code stream_options.include_usage}: no choices, the usage, and our own
   * metadata (credits, message ids) under {@code omnix} if any.
   */
  public byte[] usageChunk(Map<String, Object> usage, Map<String, Object> omnix) {
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    chunk.put("system_fingerprint", null);
    chunk.put("choices", List.of());
    chunk.put("usage", usage);
    if (omnix != null && !omnix.isEmpty()) {
      chunk.put("omnix", omnix);
    }
    return event(chunk);
  }

  /** An error after the stream started: OpenAI's error object as an event. */
  public static byte[] errorEvent(Map<String, Object> error) {
    return event(Map.of("error", error));
  }

  /** The whole {@code chat.completion} object of a reply that was not streamed. */
  public Map<String, Object> completion(
      String content, String finishReason, Map<String, Object> usage) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    message.put("refusal", null);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", "chat.completion");
    body.put("created", created);
    body.put("model", model);
    body.put("system_fingerprint", null);
    body.put("choices", List.of(choice));
    body.put("usage", usage);
    return body;
  }

  public static Map<String, Object> usage(int promptTokens, int completionTokens) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return usage;
  }

  private Map<String, Object> chunk(Map<String, Object> delta, String finishReason) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    chunk.put("system_fingerprint", null);
    chunk.put("choices", List.of(choice));
    if (includeUsage) {
      chunk.put("usage", null);
    }
    return chunk;
  }

  static byte[] event(Object body) {
    return ("data: " + JSON.writeValueAsString(body) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] json(Object body) {
    return JSON.writeValueAsBytes(body);
  }

  private static String quote(String s) {
    return JSON.writeValueAsString(s);
  }
}
