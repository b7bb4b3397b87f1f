package ai.omnix.pipeline.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Chat messages through billing on the embedded PostgreSQL: the plan's allowance first (Free: 5 a
 * day), then credits held as {@code chat:<message id>} and settled on the tokens generated;
 * refusals per plan. The test catalog prices {@code offline-chat} at 0.1 a message plus 0.01 a
 * reply token.
 */
class ChatBillingIT extends ChatTestSupport {
  @Autowired CreditLedger ledger;
  @Autowired TenantRepository tenantRepository;

  private record Account(TenantId id, String key) {}

  private Account aFreeTenant() {
    TenantId id = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 12));
    tenantRepository.create(id, "Chat billing test", Plan.FREE);
    return new Account(id, tenantRepository.issueKey(id, false));
  }

  private Response quickChat(String key, String model) {
    return post(
        key,
        "/v1/chat/completions",
        Map.of(
            "model",
            model,
            "max_tokens",
            2,
            "messages",
            List.of(Map.of("role", "user", "content", "Hi"))));
  }

  private String conversation(String key) {
    Response created = post(key, "/v1/conversations", Map.of("model", "offline-chat"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> lastMessage(String key, String conversation) {
    List<Map<String, Object>> messages =
        (List<Map<String, Object>>)
            get(key, "/v1/conversations/" + conversation).json().get("messages");
    return messages.get(messages.size() - 1);
  }

  @Test
  void theFreeAllowanceComesFirstThenQuotaExceededWithTheResetTime() {
    Account free = aFreeTenant();
    for (int i = 0; i < 5; i++) {
      Response r = quickChat(free.key(), "offline-chat");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("omnix").toString()).contains("paid_from=allowance");
    }
    Response sixth = quickChat(free.key(), "offline-chat");
    assertThat(sixth.status()).as(sixth.body()).isEqualTo(429);
    assertThat(sixth.error()).containsEntry("code", "quota_exceeded");
    Instant tomorrow = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    assertThat((String) sixth.error().get("message")).contains(tomorrow.toString());
    assertThat(ledger.balance(free.id()).reserved()).isEqualTo(Credits.ZERO);
  }

  @Test
  void aTierThePlanLacksIsForbidden() {
    Account free = aFreeTenant();
    Response premium = quickChat(free.key(), "recorded-large");
    assertThat(premium.status()).as(premium.body()).isEqualTo(403);
    assertThat(premium.error()).containsEntry("code", "plan_does_not_include");
  }

  @Test
  void pastTheAllowanceCreditsAreHeldThenSettledOnTheTokensGenerated() {
    Account free = aFreeTenant();
    for (int i = 0; i < 5; i++) {
      assertThat(quickChat(free.key(), "offline-chat").status()).isEqualTo(200);
    }
    ledger.grant(free.id(), "test-grant", Credits.of(50), "test");
    String id = conversation(free.key());

    Response r =
        post(
            free.key(),
            "/v1/conversations/" + id + "/messages",
            Map.of("content", "Hello", "max_tokens", 4));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    await(
        Duration.ofSeconds(5),
        () -> "complete".equals(lastMessage(free.key(), id).get("status")),
        "the reply to be stored");
    Map<String, Object> reply = lastMessage(free.key(), id);
    assertThat(reply).containsEntry("paid_from", "credits");
    BigDecimal credits = new BigDecimal(reply.get("credits").toString());
    // 0.1 + 4 tokens x 0.01
    assertThat(credits).isEqualByComparingTo("0.14");

    Hold hold = ledger.hold(free.id(), "chat:" + reply.get("id")).orElseThrow();
    assertThat(hold.status()).isEqualTo(Hold.Status.SETTLED);
    assertThat(hold.charged()).isEqualTo(Credits.parse("0.14"));
    // the estimate held: the prompt (free in this catalog) and max_tokens, all of it generated
    assertThat(hold.amount()).isEqualTo(Credits.parse("0.14"));
    assertThat(ledger.balance(free.id()).available()).isEqualTo(Credits.parse("49.86"));
    assertThat(ledger.balance(free.id()).reserved()).isEqualTo(Credits.ZERO);
  }

  @Test
  void aReplyCutShortByTheClientIsBilledForTheTokensGeneratedNeverNothingNorTheEstimate()
      throws Exception {
    Account free = aFreeTenant();
    for (int i = 0; i < 5; i++) {
      assertThat(quickChat(free.key(), "offline-chat").status()).isEqualTo(200);
    }
    ledger.grant(free.id(), "test-grant", Credits.of(50), "test");
    String id = conversation(free.key());
    try (Socket socket = new Socket("127.0.0.1", port)) {
      String body = "{\"content\":\"Tell me a long story\"}";
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/conversations/"
                  + id
                  + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + free.key()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int contentChunks = 0;
      String line;
      while (contentChunks < 4 && (line = in.readLine()) != null) {
        if (line.startsWith("data: {")
            && line.contains("\"content\":\"")
            && !line.contains("\"role\"")) {
          contentChunks++;
        }
      }
      assertThat(contentChunks).isEqualTo(4);
    }
    await(
        Duration.ofSeconds(5),
        () -> "partial".equals(lastMessage(free.key(), id).get("status")),
        "the reply to be stored as partial");
    Map<String, Object> reply = lastMessage(free.key(), id);
    @SuppressWarnings("unchecked")
    int generated = (Integer) ((Map<String, Object>) reply.get("usage")).get("completion_tokens");
    assertThat(generated).isGreaterThanOrEqualTo(4).isLessThan(400);
    Credits price = Credits.of(BigDecimal.valueOf(0.1).add(BigDecimal.valueOf(generated, 2)));
    assertThat(reply).containsEntry("paid_from", "credits");

    Hold hold = ledger.hold(free.id(), "chat:" + reply.get("id")).orElseThrow();
    assertThat(hold.status()).isEqualTo(Hold.Status.SETTLED);
    assertThat(hold.charged()).isEqualTo(price);
    assertThat(hold.charged().compareTo(Credits.ZERO)).isPositive();
    assertThat(hold.charged().compareTo(hold.amount())).isNegative();
    assertThat(ledger.balance(free.id()).available()).isEqualTo(Credits.of(50).minus(price));
  }
}
