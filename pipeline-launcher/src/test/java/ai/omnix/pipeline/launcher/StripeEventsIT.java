package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe webhook events over real HTTP, signed the way Stripe documents it ({@code
 * t=<time>,v1=hex(HMAC-SHA256(secret, t + "." + payload))}) and verified by stripe-java in the
 * application.
 */
class StripeEventsIT extends PipelineTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired CreditLedger ledger;

  @Test
  void aPaidCreditPackageGrantsItsCreditsOnceHoweverOftenStripeDeliversIt() {
    TenantId tenant = newTenant("free");
    String event = checkoutCompleted(tenant, "pi_" + UUID.randomUUID(), "usd-10", 1000);

    ApiClient.Response first = deliver(event);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json()).containsEntry("outcome", "applied").containsEntry("duplicate", false);
    assertThat(ledger.balance(tenant)).isEqualTo(new Balance(Credits.of(100), Credits.ZERO));

    ApiClient.Response replay = deliver(event);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json()).containsEntry("duplicate", true).containsEntry("outcome", "applied");
    assertThat(ledger.balance(tenant).available()).isEqualTo(Credits.of(100));
  }

  @Test
  void aBadSignatureIsRefusedWithProblemJsonAndAppliesNothing() {
    TenantId tenant = newTenant("free");
    String event = checkoutCompleted(tenant, "pi_" + UUID.randomUUID(), "usd-5", 500);
    long now = Instant.now().getEpochSecond();

    List<ApiClient.Response> refused =
        List.of(
            post(event, "t=" + now + ",v1=" + hmac("whsec_wrong", now + "." + event)),
            post(event, "t=" + now + ",v1=" + hmac(STRIPE_SECRET, now + "." + event + " ")),
            post(event, null),
            // a genuine signature from 10 minutes ago: a replayed capture
            post(
                event,
                "t=" + (now - 600) + ",v1=" + hmac(STRIPE_SECRET, (now - 600) + "." + event)));
    for (ApiClient.Response response : refused) {
      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.json()).containsEntry("code", "invalid_signature");
    }
    ApiClient.Response notAnEvent = deliver("{\"hello\":1}");
    assertThat(notAnEvent.status()).isEqualTo(400);
    assertThat(notAnEvent.json()).containsEntry("code", "invalid_event");

    assertThat(ledger.balance(tenant)).isEqualTo(Balance.EMPTY);
    assertThat(
            jdbc.sql("select count(*) from stripe_events where tenant_id = ?")
                .param(tenant.value())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void subscriptionEventsChangeThePlanAndLateOlderOnesAreIgnored() {
    TenantId tenant = newTenant("free");
    String subscription = "sub_" + UUID.randomUUID();
    String customer = "cus_" + UUID.randomUUID();
    deliver(
        event(
            "checkout.session.completed",
            1_000,
            Map.of(
                "object",
                "checkout.session",
                "mode",
                "subscription",
                "client_reference_id",
                tenant.value(),
                "customer",
                customer,
                "subscription",
                subscription)));

    assertThat(
            deliver(
                    subscriptionEvent(
                        "updated", 2_000, subscription, customer, "omnix_team", 3, "active"))
                .json())
        .containsEntry("outcome", "applied");
    assertThat(plan(tenant)).isEqualTo("team");
    assertThat(seats(tenant)).isEqualTo(3);

    // an older update arriving late (Stripe does not promise order)
    assertThat(
            deliver(
                    subscriptionEvent(
                        "updated", 1_500, subscription, customer, "omnix_student", 1, "active"))
                .json())
        .containsEntry("outcome", "stale");
    assertThat(plan(tenant)).isEqualTo("team");

    assertThat(
            deliver(
                    subscriptionEvent(
                        "deleted", 3_000, subscription, customer, "omnix_team", 3, "canceled"))
                .json())
        .containsEntry("outcome", "applied");
    assertThat(plan(tenant)).isEqualTo("free");
    assertThat(
            deliver(
                    subscriptionEvent(
                        "updated", 2_500, subscription, customer, "omnix_pro", 1, "active"))
                .json())
        .as("an update older than the cancellation")
        .containsEntry("outcome", "stale");
    assertThat(plan(tenant)).isEqualTo("free");

    // each applied change is prorated on the same path as an admin's, at the event's time (here
    // 2,000 and 3,000 s into January 2026, a 31-day month): the stale ones are not
    assertThat(
            jdbc.sql(
                    """
                    select from_plan, to_plan, to_seats, unused_credit_cents, new_charge_cents, source,
                      invoice_period
                    from plan_changes where tenant_id = ? order by id""")
                .param(tenant.value())
                .query()
                .listOfRows())
        .extracting(
            r -> r.get("from_plan"),
            r -> r.get("to_plan"),
            r -> ((Number) r.get("to_seats")).intValue(),
            r -> ((Number) r.get("unused_credit_cents")).longValue(),
            r -> ((Number) r.get("new_charge_cents")).longValue(),
            r -> r.get("source"),
            r -> r.get("invoice_period"))
        .containsExactly(
            // 3 × 49.99 × 2,676,400 / 2,678,400 s = 149.858… → 149.86
            org.assertj.core.groups.Tuple.tuple("free", "team", 3, 0L, 14986L, "stripe", "2026-01"),
            // the unused three team seats: 149.97 × 2,675,400 / 2,678,400 = 149.802… → 149.80
            org.assertj.core.groups.Tuple.tuple(
                "team", "free", 1, 14980L, 0L, "stripe", "2026-01"));
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_events where tenant_id = ? and event_type = 'PLAN_CHANGED'"
                        + " and actor_type = 'system' and actor_id = 'stripe'")
                .param(tenant.value())
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void aPaidInvoiceStartsANewAllowancePeriodAndAnOlderOneDoesNotGoBack() {
    TenantId tenant = newTenant("student");
    String subscription = "sub_" + UUID.randomUUID();
    deliver(
        subscriptionEvent(
            "updated",
            1_000,
            subscription,
            "cus_" + UUID.randomUUID(),
            "omnix_student",
            1,
            "active",
            tenant));
    long march = Instant.parse("2026-03-07T08:00:00Z").getEpochSecond();
    long april = Instant.parse("2026-04-07T08:00:00Z").getEpochSecond();
    long may = Instant.parse("2026-05-07T08:00:00Z").getEpochSecond();

    assertThat(deliver(invoicePaid(2_000, subscription, april, may)).json())
        .containsEntry("outcome", "applied");
    assertThat(deliver(invoicePaid(1_500, subscription, march, april)).json())
        .containsEntry("outcome", "stale");

    Map<String, Object> period =
        jdbc.sql("select period_start, period_end from tenant_billing where tenant_id = ?")
            .param(tenant.value())
            .query()
            .singleRow();
    assertThat(((java.sql.Timestamp) period.get("period_start")).toInstant())
        .isEqualTo(Instant.ofEpochSecond(april));
    assertThat(((java.sql.Timestamp) period.get("period_end")).toInstant())
        .isEqualTo(Instant.ofEpochSecond(may));
  }

  @Test
  void aRefundClawsBackOnlyWhatWasNotSpentAndReportsTheShortfall() {
    TenantId tenant = newTenant("pro");
    String paymentIntent = "pi_" + UUID.randomUUID();
    deliver(checkoutCompleted(tenant, paymentIntent, "usd-5", 500));
    ledger.reserve(tenant, "job-1", Credits.of(40), "job-1");
    ledger.settle(tenant, "job-1", Credits.of(40));

    ApiClient.Response refunded = deliver(chargeRefunded(2_000, paymentIntent, 500, 500));

    assertThat(refunded.json()).containsEntry("outcome", "applied");
    assertThat(ledger.balance(tenant)).isEqualTo(Balance.EMPTY);
    Map<String, Object> payment =
        jdbc.sql(
                "select clawed_millis, shortfall_millis from stripe_payments where payment_intent = ?")
            .param(paymentIntent)
            .query()
            .singleRow();
    assertThat(((Number) payment.get("clawed_millis")).longValue()).isEqualTo(10_000);
    assertThat(((Number) payment.get("shortfall_millis")).longValue()).isEqualTo(40_000);
    assertThat(eventDetail(refunded)).contains("shortfall 40.000");

    assertThat(deliver(chargeRefunded(2_100, paymentIntent, 500, 500)).json())
        .as("a second event for the same refund takes nothing more")
        .containsEntry("outcome", "applied");
    assertThat(ledger.balance(tenant)).isEqualTo(Balance.EMPTY);
  }

  @Test
  void aRefundReportedBeforeItsPurchaseIsAppliedWhenThePurchaseArrives() {
    TenantId tenant = newTenant("pro");
    String paymentIntent = "pi_" + UUID.randomUUID();

    assertThat(deliver(chargeRefunded(2_000, paymentIntent, 1000, 500)).json())
        .containsEntry("outcome", "deferred");
    assertThat(deliver(checkoutCompleted(tenant, paymentIntent, "usd-10", 1000)).json())
        .containsEntry("outcome", "applied");

    assertThat(ledger.balance(tenant).available())
        .as("100 bought, half refunded")
        .isEqualTo(Credits.of(50));
  }

  @Test
  void unknownEventTypesAreAcknowledgedAndRecorded() {
    ApiClient.Response response =
        deliver(event("customer.created", 1_000, Map.of("object", "customer", "id", "cus_x")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).containsEntry("outcome", "ignored");
  }

  @Test
  void theEndpointNeedsNoApiKeyButEveryOtherPathStillDoes() {
    assertThat(new ApiClient(port, "").get("/v1/me").status()).isEqualTo(401);
  }

  // --- events as Stripe sends them

  private TenantId newTenant(String plan) {
    String id = "st-" + UUID.randomUUID().toString().substring(0, 12);
    assertThat(admin().post("/v1/tenants", Map.of("id", id, "plan", plan)).status()).isEqualTo(201);
    return new TenantId(id);
  }

  private String plan(TenantId tenant) {
    return jdbc.sql("select plan from tenants where id = ?")
        .param(tenant.value())
        .query(String.class)
        .single();
  }

  private int seats(TenantId tenant) {
    return jdbc.sql("select seats from tenant_billing where tenant_id = ?")
        .param(tenant.value())
        .query(Integer.class)
        .single();
  }

  private String eventDetail(ApiClient.Response response) {
    return jdbc.sql("select detail from stripe_events where event_id = ?")
        .param(response.json().get("event_id"))
        .query(String.class)
        .single();
  }

  private static String checkoutCompleted(
      TenantId tenant, String paymentIntent, String pack, long cents) {
    return event(
        "checkout.session.completed",
        1_000,
        Map.of(
            "object",
            "checkout.session",
            "id",
            "cs_" + UUID.randomUUID(),
            "mode",
            "payment",
            "payment_status",
            "paid",
            "client_reference_id",
            tenant.value(),
            "customer",
            "cus_" + UUID.randomUUID(),
            "payment_intent",
            paymentIntent,
            "amount_total",
            cents,
            "currency",
            "usd",
            "metadata",
            Map.of("omnix_package", pack)));
  }

  private static String subscriptionEvent(
      String change,
      long created,
      String subscription,
      String customer,
      String lookupKey,
      int quantity,
      String status) {
    return subscriptionEvent(
        change, created, subscription, customer, lookupKey, quantity, status, null);
  }

  private static String subscriptionEvent(
      String change,
      long created,
      String subscription,
      String customer,
      String lookupKey,
      int quantity,
      String status,
      TenantId tenant) {
    return event(
        "customer.subscription." + change,
        created,
        Map.of(
            "object",
            "subscription",
            "id",
            subscription,
            "customer",
            customer,
            "status",
            status,
            "metadata",
            tenant == null ? Map.of() : Map.of("omnix_tenant", tenant.value()),
            "items",
            Map.of(
                "object",
                "list",
                "data",
                List.of(
                    Map.of(
                        "quantity",
                        quantity,
                        "price",
                        Map.of("id", "price_" + lookupKey, "lookup_key", lookupKey))))));
  }

  private static String invoicePaid(long created, String subscription, long start, long end) {
    return event(
        "invoice.paid",
        created,
        Map.of(
            "object",
            "invoice",
            "id",
            "in_" + UUID.randomUUID(),
            "subscription",
            subscription,
            "lines",
            Map.of("data", List.of(Map.of("period", Map.of("start", start, "end", end))))));
  }

  private static String chargeRefunded(
      long created, String paymentIntent, long amount, long refunded) {
    return event(
        "charge.refunded",
        created,
        Map.of(
            "object",
            "charge",
            "id",
            "ch_" + UUID.randomUUID(),
            "payment_intent",
            paymentIntent,
            "amount",
            amount,
            "amount_refunded",
            refunded,
            "currency",
            "usd"));
  }

  /**
   * A Stripe event envelope; {@code created} is seconds after a fixed epoch so tests order them.
   */
  private static String event(String type, long created, Map<String, Object> object) {
    return JSON.writeValueAsString(
        Map.of(
            "id",
            "evt_" + UUID.randomUUID(),
            "object",
            "event",
            "api_version",
            "2025-01-27.acacia",
            "created",
            1_767_225_600L + created,
            "livemode",
            false,
            "type",
            type,
            "data",
            Map.of("object", object)));
  }

  private ApiClient.Response deliver(String payload) {
    long now = Instant.now().getEpochSecond();
    return post(payload, "t=" + now + ",v1=" + hmac(STRIPE_SECRET, now + "." + payload));
  }

  private ApiClient.Response post(String payload, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/billing/stripe/events"))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return admin().send(request.build());
  }

  private static String hmac(String secret, String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
