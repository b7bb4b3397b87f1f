package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.billing.plan.Proration;
import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An admin changes a tenant's plan over real HTTP: refused for anyone else, 404 for no tenant,
 * 400/422 problems with stable codes for a bad body; a change answers its proration, switches the
 * allowances at once, is in the audit trail, and repeating it changes nothing.
 */
class PlanChangeIT extends PipelineTestSupport {

  private String aTenantId(String plan) {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", plan));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return id;
  }

  private static void assertProblem(ApiClient.Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json()).containsEntry("code", code);
  }

  @Test
  void onlyAnAdminChangesAnExistingTenantsPlanAndBadBodiesAreProblemsWithStableCodes() {
    String id = aTenantId("pro");
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id + "x", "plan", "pro"));
    ApiClient self = new ApiClient(port, (String) created.json().get("api_key"));

    assertProblem(self.patch("/v1/tenants/" + id, Map.of("plan", "team")), 403, "admin_required");
    assertProblem(
        admin().patch("/v1/tenants/t-nobody-here", Map.of("plan", "team")), 404, "not_found");
    assertProblem(admin().patch("/v1/tenants/" + id, "{\"plan\":"), 400, "malformed_json");
    assertProblem(admin().patch("/v1/tenants/" + id, "[]"), 422, "invalid_plan_change");
    assertProblem(admin().patch("/v1/tenants/" + id, Map.of()), 422, "invalid_plan_change");
    assertProblem(
        admin().patch("/v1/tenants/" + id, Map.of("plan", "team", "colour", "red")),
        422,
        "invalid_plan_change");
    assertProblem(admin().patch("/v1/tenants/" + id, Map.of("plan", "gold")), 422, "unknown_plan");
    assertProblem(
        admin().patch("/v1/tenants/" + id, Map.of("plan", "team", "seats", 0)),
        422,
        "invalid_seats");
    assertProblem(
        admin().patch("/v1/tenants/" + id, Map.of("plan", "team", "seats", "3")),
        422,
        "invalid_seats");
    assertProblem(
        admin().patch("/v1/tenants/" + id, Map.of("plan", "pro", "seats", 3)),
        422,
        "invalid_seats");
    assertThat(
            jdbc.sql("select plan from tenants where id = ?")
                .param(id)
                .query(String.class)
                .single())
        .as("nothing refused changed anything")
        .isEqualTo("pro");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aChangeIsProratedSwitchesTheAllowancesAndIsAudited() {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    ApiClient.Response created = admin().post("/v1/tenants", Map.of("id", id, "plan", "free"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    ApiClient tenant = new ApiClient(port, (String) created.json().get("api_key"));

    ApiClient.Response student = admin().patch("/v1/tenants/" + id, Map.of("plan", "student"));
    assertThat(student.status()).as(student.body()).isEqualTo(200);
    assertThat(student.json())
        .containsEntry("plan", "student")
        .containsEntry("seats", 1)
        .containsEntry("changed", true);
    Map<String, Object> fromFree = (Map<String, Object>) student.json().get("proration");
    assertThat(fromFree)
        .containsEntry("from_plan", "free")
        .containsEntry("unused_credit_usd", "0.00");

    ApiClient.Response team =
        admin().patch("/v1/tenants/" + id, Map.of("plan", "team", "seats", 3));
    assertThat(team.status()).as(team.body()).isEqualTo(200);
    assertThat(team.json()).containsEntry("plan", "team").containsEntry("seats", 3);
    Map<String, Object> proration = (Map<String, Object>) team.json().get("proration");
    // the amounts are the pure function's for the moment and period the change answered with
    Proration.Result expected =
        Proration.of(
            Plan.STUDENT,
            1,
            Plan.TEAM,
            3,
            Instant.parse((String) proration.get("period_start")),
            Instant.parse((String) proration.get("period_end")),
            Instant.parse((String) proration.get("effective_at")));
    assertThat(proration)
        .containsEntry("from_plan", "student")
        .containsEntry("unused_credit_usd", usd(expected.unusedCreditCents()))
        .containsEntry("new_charge_usd", usd(expected.newChargeCents()))
        .containsEntry("net_usd", usd(expected.netCents()));
    assertThat(expected.newChargeCents()).isGreaterThan(expected.unusedCreditCents());

    // seats only: still prorated; the same plan and seats again: nothing to do
    ApiClient.Response seats = admin().patch("/v1/tenants/" + id, Map.of("seats", 5));
    assertThat(seats.status()).as(seats.body()).isEqualTo(200);
    assertThat(seats.json()).containsEntry("seats", 5).containsEntry("changed", true);
    ApiClient.Response again =
        admin().patch("/v1/tenants/" + id, Map.of("plan", "team", "seats", 5));
    assertThat(again.json()).containsEntry("changed", false).doesNotContainKey("proration");

    assertThat(
            jdbc.sql("select count(*) from plan_changes where tenant_id = ? and source = 'admin'")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(3);
    List<Map<String, Object>> audited =
        (List<Map<String, Object>>)
            admin().get("/v1/admin/audit?tenant=" + id + "&type=PLAN_CHANGED").json().get("data");
    assertThat(audited).hasSize(3);

    // allowances follow the plan at once: back to student, its text and image allowances show
    ApiClient.Response back = admin().patch("/v1/tenants/" + id, Map.of("plan", "student"));
    assertThat(back.json()).containsEntry("seats", 1);
    List<Map<String, Object>> allowances =
        (List<Map<String, Object>>) tenant.get("/v1/billing/balance").json().get("allowances");
    assertThat(allowances)
        .extracting(a -> a.get("feature"), a -> a.get("included"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("text", 500),
            org.assertj.core.groups.Tuple.tuple("image", 10));
    assertThat(tenant.get("/v1/billing/balance").json()).containsEntry("plan", "student");
  }

  private static String usd(long cents) {
    return java.math.BigDecimal.valueOf(cents, 2).toPlainString();
  }
}
