package ai.omnix.pipeline.chat.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.net.Cidr;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.tenant.Plan;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Routing over two real OpenAI-style endpoints ({@code openai}, {@code openai-2}), each a WireMock
 * server speaking the streaming format: failover before the first token, never after it. Each test
 * has its own model (and so its own circuits).
 */
@Import(FailoverIT.Loopback.class)
class FailoverIT extends ChatTestSupport {

  @RegisterExtension
  static final WireMockExtension one =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static final WireMockExtension two =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    registry.add("omnix.chat.providers.openai.api-key", () -> "sk-endpoint-one");
    registry.add("omnix.chat.providers.openai.base-url", () -> one.baseUrl() + "/v1");
    registry.add("omnix.chat.providers.openai-2.api-key", () -> "sk-endpoint-two");
    registry.add("omnix.chat.providers.openai-2.base-url", () -> two.baseUrl() + "/v1");
  }

  /** The WireMock servers are on loopback, which the default policy refuses. */
  @TestConfiguration
  static class Loopback {
    @Bean
    OutboundAddressPolicy loopbackAllowed() {
      return new OutboundAddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));
    }
  }

  private static String chunk(String content) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\""
        + content
        + "\"},\"finish_reason\":null}]}\n\n";
  }

  private static String whole(String... words) {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      b.append(chunk(w));
    }
    return b.append(
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
        .append(
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":"
                + words.length
                + ",\"total_tokens\":"
                + (12 + words.length)
                + "}}\n\n")
        .append("data: [DONE]\n\n")
        .toString();
  }

  private static ResponseDefinitionBuilder sse(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/event-stream")
        .withBody(body);
  }

  private static void serve(WireMockExtension server, String model, ResponseDefinitionBuilder a) {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath(
                    "$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(model)))
            .willReturn(a));
  }

  private static int calls(WireMockExtension server, String model) {
    return server
        .findAll(
            postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(
                    matchingJsonPath(
                        "$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(model))))
        .size();
  }

  private Response chat(String key, String model) {
    return post(
        key,
        "/v1/chat/completions",
        Map.of(
            "model",
            model,
            "stream",
            true,
            "stream_options",
            Map.of("include_usage", true),
            "messages",
            List.of(Map.of("role", "user", "content", "Hello"))));
  }

  @SuppressWarnings("unchecked")
  private static String text(List<String> events) {
    return events.stream()
        .filter(e -> !e.equals("[DONE]"))
        .map(ChatTestSupport::parse)
        .filter(e -> e.get("choices") instanceof List<?> l && !l.isEmpty())
        .map(
            e ->
                ((Map<String, Object>)
                        ((Map<String, Object>) ((List<Object>) e.get("choices")).get(0))
                            .get("delta"))
                    .get("content"))
        .filter(c -> c != null)
        .map(Object::toString)
        .collect(Collectors.joining());
  }

  @Test
  void failsOverToTheSecondEndpointOnA5xxOrA429BeforeTheFirstToken() {
    String key = aTenant(Plan.PRO);
    serve(one, "gpt-a", aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"down\"}}"));
    serve(two, "gpt-a", sse(whole("Hello", " from", " two")));
    serve(
        one,
        "gpt-c",
        aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("{\"error\":{}}"));
    serve(two, "gpt-c", sse(whole("Also", " two")));

    Response a = chat(key, "routed-a");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    List<String> events = dataEvents(a.body());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    assertThat(text(events)).isEqualTo("Hello from two");
    assertThat(a.body()).doesNotContain("\"error\"");
    assertThat(calls(one, "gpt-a")).isEqualTo(1);
    assertThat(calls(two, "gpt-a")).isEqualTo(1);

    Response c = chat(key, "routed-c");
    assertThat(text(dataEvents(c.body()))).isEqualTo("Also two");
    assertThat(calls(one, "gpt-c")).isEqualTo(1);
    assertThat(calls(two, "gpt-c")).isEqualTo(1);
  }

  @Test
  void aBadRequestIsNotFailedOver() {
    String key = aTenant(Plan.PRO);
    serve(
        one,
        "gpt-b",
        aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"bad\",\"code\":null}}"));
    serve(two, "gpt-b", sse(whole("never")));

    Response r = chat(key, "routed-b");
    assertThat(r.body()).contains("provider_invalid_request").doesNotContain("never");
    assertThat(calls(one, "gpt-b")).isEqualTo(1);
    assertThat(calls(two, "gpt-b")).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void neverSwitchesAfterTheFirstTokenAndBillsOnlyWhatWasDelivered() {
    String key = aTenant(Plan.PRO);
    // two tokens, then the stream ends without finish, usage or [DONE]: the endpoint dropped it
    serve(one, "gpt-cut", sse(chunk("Half") + chunk(" a")));
    serve(two, "gpt-cut", sse(whole("The", " other", " model")));
    Response created = post(key, "/v1/conversations", Map.of("model", "routed-cut"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = (String) created.json().get("id");

    Response r = post(key, "/v1/conversations/" + id + "/messages", Map.of("content", "Hello"));
    List<String> events = dataEvents(r.body());
    assertThat(text(events)).isEqualTo("Half a");
    assertThat(events).doesNotContain("[DONE]");
    assertThat(parse(events.get(events.size() - 1))).containsKey("error");
    assertThat(calls(one, "gpt-cut")).isEqualTo(1);
    assertThat(calls(two, "gpt-cut")).isZero();

    List<Map<String, Object>> messages =
        (List<Map<String, Object>>) get(key, "/v1/conversations/" + id).json().get("messages");
    Map<String, Object> reply = messages.get(messages.size() - 1);
    assertThat(reply.get("content")).isEqualTo("Half a");
    assertThat(reply.get("usage").toString()).contains("completion_tokens=2");
    // 0.1 per message + 2 delivered tokens at 10 per 1,000: not 0, not the whole reply
    assertThat(new BigDecimal(reply.get("credits").toString())).isEqualByComparingTo("0.12");
  }
}
