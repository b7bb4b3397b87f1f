package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.chat.ChatTestApplication;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat-only process (api role off) on its own database over real HTTP. The offline model streams
 * 50 tokens/s with 400-token replies, so a reply outlives any disconnect test by seconds; tests
 * that want a quick reply ask for few {@code max_tokens}. Tests isolate themselves by tenant.
 */
@SpringBootTest(
    classes = {ChatTestApplication.class, ChatTestSupport.Providers.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ChatTestSupport {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DATABASE = SharedPostgres.newDatabase("chat_it");

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DATABASE);
    registry.add("spring.datasource.username", SharedPostgres::username);
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.flyway.locations", () -> "classpath:db/migration/omnix");
    registry.add("spring.threads.virtual.enabled", () -> "false");
    registry.add("spring.mvc.problemdetails.enabled", () -> "false");
    registry.add("omnix.api.enabled", () -> "false");
    // billing's reconciliation handler runs where jobs run, not in a chat process
    registry.add("omnix.worker.enabled", () -> "false");
    registry.add("omnix.chat.offline.tokens-per-second", () -> "50");
    registry.add("omnix.chat.offline.reply-tokens", () -> "400");
    registry.add("omnix.chat.max-concurrent-streams.free", () -> "2");
    registry.add("omnix.chat.limits.max-conversation-messages", () -> "8");
    // no worker runs here: a submitted extraction stays queued, so a message waits this long
    registry.add("omnix.chat.attachments.wait-timeout", () -> "1s");
    registry.add("omnix.chat.attachments.poll-interval", () -> "50ms");
    registry.add(
        "omnix.chat.catalog",
        () ->
            java.nio.file.Path.of("target/test-classes/chat-test-models.json")
                .toAbsolutePath()
                .toString());
  }

  /** The test's own provider beside the offline one: it serves the recorded-* models. */
  @org.springframework.boot.test.context.TestConfiguration
  static class Providers {
    @org.springframework.context.annotation.Bean
    RecordingChatProvider recordingChatProvider() {
      return new RecordingChatProvider();
    }

    /**
     * The document job types as a chat-only process of the launcher sees them (declared, no
     * handler): attachments are submitted as these jobs, and no worker here runs them.
     */
    @org.springframework.context.annotation.Bean
    ai.omnix.pipeline.core.job.type.JobTypeRegistry documentJobTypes() {
      return ai.omnix.pipeline.core.job.type.JobTypeRegistry.typesOnly(
          List.of(
              documentType("extract", ai.omnix.pipeline.core.job.type.ParamsSchema.of()),
              documentType(
                  "ocr",
                  ai.omnix.pipeline.core.job.type.ParamsSchema.of(
                      ai.omnix.pipeline.core.job.type.ParamSpec.bool(
                          "searchable_pdf", false, "Also write searchable.pdf.")))));
    }

    private static ai.omnix.pipeline.core.job.type.JobType documentType(
        String name, ai.omnix.pipeline.core.job.type.ParamsSchema params) {
      return ai.omnix.pipeline.core.job.type.JobTypeSpec.named(name)
          .description("stand-in of the document-processing type")
          .queueClass(ai.omnix.pipeline.core.job.QueueClass.IO_BOUND)
          .params(params)
          .inputs(ai.omnix.pipeline.core.job.JobInput.Kind.ASSET)
          .credits(1)
          .build();
    }
  }

  @LocalServerPort int port;
  @Autowired TenantRepository tenants;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A tenant of its own; returns its API key. */
  String aTenant(Plan plan) {
    TenantId id = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 12));
    tenants.create(id, "Chat test", plan);
    return tenants.issueKey(id, false);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  record Response(int status, String contentType, String body) {
    Map<String, Object> json() {
      return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> error() {
      return (Map<String, Object>) json().get("error");
    }
  }

  Response post(String key, String path, Object body) {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Response get(String key, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + key)
            .GET()
            .build());
  }

  Response delete(String key, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + key)
            .DELETE()
            .build());
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The data payloads of an SSE body, in order (comments and blank lines left out). */
  static List<String> dataEvents(String body) {
    return body.lines()
        .filter(line -> line.startsWith("data: "))
        .map(line -> line.substring(6))
        .toList();
  }

  static Map<String, Object> parse(String json) {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  static void await(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
