package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Admins rotate their own keys through /v1/me/keys; tenants only ever get tenant keys there. */
class ApiKeysIT extends PipelineTestSupport {

  @Test
  void anAdminIssuesAnAdminKeyAndRevokesIt() {
    ApiClient.Response issued = admin().post("/v1/me/keys", "");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(issued.json()).containsEntry("admin", true);
    ApiClient fresh = new ApiClient(port, (String) issued.json().get("api_key"));

    String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
    assertThat(fresh.post("/v1/tenants", Map.of("id", tenant)).status()).isEqualTo(201);

    String keyId = (String) issued.json().get("id");
    assertThat(fresh.send(fresh.request("/v1/me/keys/" + keyId).DELETE().build()).status())
        .isEqualTo(204);
    assertThat(fresh.get("/v1/me").status()).isEqualTo(401);
    assertThat(admin().get("/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aTenantNeverGetsAnAdminKey() {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response issued = tenant.post("/v1/me/keys", "");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(issued.json()).containsEntry("admin", false);
    ApiClient fresh = new ApiClient(port, (String) issued.json().get("api_key"));
    assertThat(
            fresh.post("/v1/tenants", Map.of("id", "t-nope-" + System.nanoTime() % 1000)).status())
        .isEqualTo(403);
  }
}
