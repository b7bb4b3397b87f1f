package ai.omnix.pipeline.launcher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generation through the product: the offline provider end to end (a video gets its poster and 720p
 * rendition from the media jobs), and real provider clients over HTTP against a local stand-in for
 * Google's and fal's APIs (WireMock) for failover, polling without a held worker, billing and
 * refusals.
 */
class GenerationIT extends PipelineTestSupport {
  private static final String KEY = ProviderStubs.KEY;
  private static final WireMockServer providers = ProviderStubs.SERVER;

  @BeforeEach
  void reset() {
    providers.resetAll();
  }

  /** Submits a generation job: {@code type} is {@code generate-image} or {@code generate-video}. */
  private static ApiClient.Response generate(ApiClient tenant, String type, Map<String, ?> params) {
    return tenant.post("/v1/jobs", Map.of("type", type, "params", params));
  }

  /** fal's answer to {@code result}: one PNG, served by the stub at {@code file}. */
  private static void stubFalImageResult(MappingBuilder result, String file) {
    providers.stubFor(
        result.willReturn(
            okJson(
                "{\"images\":[{\"url\":\""
                    + providers.baseUrl()
                    + file
                    + "\",\"content_type\":\"image/png\"}],\"has_nsfw_concepts\":[false]}")));
    providers.stubFor(
        get(file)
            .willReturn(
                aResponse().withHeader("Content-Type", "image/png").withBody(ApiClient.aPng())));
  }

  @Test
  void aProviderAtItsConcurrencyLimitQueuesTheOtherJobsAndNeverWorksOnMore() throws Exception {
    providers.stubFor(
        post(urlEqualTo("/fal-ai/flux/schnell"))
            .willReturn(
                okJson("{\"request_id\":\"{{randomValue length=16 type='ALPHANUMERIC'}}\"}")
                    .withTransformers("response-template")));
    providers.stubFor(
        get(urlPathMatching("/fal-ai/flux/requests/[A-Za-z0-9]+/status"))
            .willReturn(okJson("{\"status\":\"COMPLETED\"}")));
    stubFalImageResult(
        get(urlPathMatching("/fal-ai/flux/requests/[A-Za-z0-9]+")), "/files/flux.png");
    ApiClient tenant = aTenant("team");

    List<UUID> jobs = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ApiClient.Response submitted =
          generate(
              tenant,
              "generate-image",
              Map.of("prompt", "a kite, take " + i, "model", "flux-schnell"));
      assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
      jobs.add(UUID.fromString((String) submitted.json().get("id")));
    }
    for (UUID job : jobs) {
      awaitStatus(tenant, job.toString(), "succeeded");
    }

    // Every attempt's time at the provider: from its row to the poll that found it done.
    List<Instant[]> atProvider =
        jdbc.sql(
                "select started_at, completed_at from provider_attempts where job_id = any(?)"
                    + " and provider = 'fal'")
            .param(jobs.toArray(UUID[]::new))
            .query(
                (rs, n) ->
                    new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()})
            .list();
    assertThat(atProvider).hasSize(5);
    for (Instant[] attempt : atProvider) {
      long overlapping =
          atProvider.stream()
              .filter(other -> !other[0].isAfter(attempt[0]) && other[1].isAfter(attempt[0]))
              .count();
      assertThat(overlapping)
          .as("operations at fal when one was sent")
          .isLessThanOrEqualTo(ProviderStubs.FAL_MAX_IN_FLIGHT);
    }
    assertThat(
            jdbc.sql(
                    "select count(*) from job_events where job_id = any(?)"
                        + " and data->>'waiting' = 'waiting_for_capacity'")
                .param(jobs.toArray(UUID[]::new))
                .query(Integer.class)
                .single())
        .as("jobs that waited for a slot")
        .isPositive();
  }

  @Test
  void aPremiumModelIsRefusedAtSubmitForAFreeTenantWith403AndNothingIsReserved() {
    ApiClient tenant = aTenant("free");
    ApiClient.Response refused =
        generate(
            tenant, "generate-image", Map.of("prompt", "a lighthouse", "model", "gpt-image-1"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json())
        .containsEntry("code", "plan_does_not_include")
        .containsEntry("plan", "free")
        .containsEntry("included_in", "pro");
    assertThat(tenant.get("/v1/jobs").json().get("data")).asList().isEmpty();
    assertThat(tenant.get("/v1/billing/balance").json()).containsEntry("reserved", "0.000");
    // the catalog says which models are premium
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> models =
        (List<Map<String, Object>>) tenant.get("/v1/models").json().get("data");
    assertThat(models)
        .filteredOn(m -> m.get("id").equals("gpt-image-1"))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("tier", "premium"));
    assertThat(models)
        .filteredOn(m -> m.get("id").equals("flux-schnell"))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("tier", "basic"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOfflineImageJobStoresRealPngsAndCostsNothing() throws Exception {
    ApiClient tenant = aTenant("free");
    ApiClient.Response submitted =
        generate(
            tenant,
            "generate-image",
            Map.of(
                "prompt",
                "a lighthouse at dusk",
                "model",
                "offline-image",
                "count",
                2,
                "seed",
                42,
                "width",
                256,
                "height",
                192));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    assertThat((Map<String, Object>) submitted.json().get("credits"))
        .containsEntry("estimated", 0)
        .containsEntry("actual", null);

    Map<String, Object> done =
        awaitStatus(tenant, (String) submitted.json().get("id"), "succeeded");

    Map<String, Object> result = (Map<String, Object>) done.get("result");
    List<String> outputs = (List<String>) result.get("output_asset_ids");
    assertThat(outputs).hasSize(2);
    assertThat((Map<String, Object>) result.get("summary"))
        .containsEntry("provider", "offline")
        .containsEntry("synthetic", true);
    assertThat((Map<String, Object>) done.get("credits"))
        .containsEntry("estimated", 0)
        .containsEntry("actual", 0);
    byte[] png = tenant.download(outputs.get(0));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(256);
    assertThat(image.getHeight()).isEqualTo(192);
    List<Map<String, Object>> attempts =
        (List<Map<String, Object>>)
            tenant.get("/v1/jobs/" + done.get("id") + "/provider-attempts").json().get("data");
    assertThat(attempts)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsEntry("provider", "offline")
                    .containsEntry("outcome", "succeeded")
                    .containsEntry("billed", true));
    List<Map<String, Object>> byProvider =
        (List<Map<String, Object>>)
            admin().get("/v1/admin/overview").json().get("provider_attempts_last_hour");
    assertThat(byProvider)
        .anySatisfy(
            p ->
                assertThat(p)
                    .containsEntry("provider", "offline")
                    .hasEntrySatisfying(
                        "succeeded", n -> assertThat(((Number) n).intValue()).isPositive()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anEditOfAnUploadedImageIsADerivativeOfItInTheLineage() throws Exception {
    ApiClient tenant = aTenant("pro");
    ApiClient.Response uploaded = AssetsIT.uploadRaw(tenant, "photo.png", ApiClient.aPng());
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    String source = (String) uploaded.json().get("id");

    String job =
        (String)
            tenant
                .post(
                    "/v1/jobs",
                    Map.of(
                        "type",
                        "generate-image",
                        "input",
                        Map.of("asset_id", source),
                        "params",
                        Map.of("prompt", "make it a watercolour", "model", "offline-image")))
                .json()
                .get("id");
    Map<String, Object> done = awaitStatus(tenant, job, "succeeded");

    String edited =
        ((List<String>) ((Map<String, Object>) done.get("result")).get("output_asset_ids")).get(0);
    List<Map<String, Object>> lineage =
        (List<Map<String, Object>>)
            tenant.get("/v1/assets/" + source + "/derivatives").json().get("data");
    assertThat(lineage)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("id", edited)
                    .containsEntry("derived_by_job_id", job)
                    .containsEntry("filename", "image-1.png"));
    assertThat(ImageIO.read(new ByteArrayInputStream(tenant.download(edited)))).isNotNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOfflineVideoGetsItsPosterAnd720pRenditionFromTheMediaJobs() throws Exception {
    ApiClient tenant = aTenant("pro");
    String job =
        (String)
            generate(
                    tenant,
                    "generate-video",
                    Map.of(
                        "prompt",
                        "ocean waves at noon",
                        "model",
                        "offline-video",
                        "duration_s",
                        2,
                        "width",
                        640,
                        "height",
                        360))
                .json()
                .get("id");

    Map<String, Object> done = awaitStatus(tenant, job, "succeeded");
    String video =
        ((List<String>) ((Map<String, Object>) done.get("result")).get("output_asset_ids")).get(0);
    assertThat(new String(tenant.download(video), 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("ftyp");

    List<Map<String, Object>> children =
        (List<Map<String, Object>>) tenant.get("/v1/jobs?parent_job_id=" + job).json().get("data");
    assertThat(children)
        .extracting(c -> c.get("type"))
        .containsExactlyInAnyOrder("thumbnail", "transcode");
    for (Map<String, Object> child : children) {
      assertThat(child.get("input")).isEqualTo(Map.of("asset_id", video));
      awaitStatus(tenant, (String) child.get("id"), "succeeded");
    }
    List<Map<String, Object>> lineage =
        (List<Map<String, Object>>)
            tenant.get("/v1/assets/" + video + "/derivatives").json().get("data");
    assertThat(lineage).extracting(a -> a.get("filename")).contains("poster.jpg", "rendition.mp4");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aProviderDownFailsOverToTheNextEndpointWhichIsPolledWithoutHoldingAWorker()
      throws Exception {
    providers.stubFor(
        post(urlEqualTo("/v1beta/models/imagen-4.0-generate-001:predict"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(
                        "{\"error\":{\"code\":503,\"message\":\"overloaded\","
                            + "\"status\":\"UNAVAILABLE\"}}")));
    String status = "/fal-ai/imagen4/requests/r-1/status";
    providers.stubFor(
        post(urlEqualTo("/fal-ai/imagen4/preview"))
            .willReturn(
                okJson(
                    "{\"request_id\":\"r-1\","
                        + "\"status_url\":\""
                        + providers.baseUrl()
                        + status
                        + "\",\"response_url\":\""
                        + providers.baseUrl()
                        + "/fal-ai/imagen4/requests/r-1\"}")));
    providers.stubFor(
        get(status)
            .inScenario("q")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson("{\"status\":\"IN_PROGRESS\"}"))
            .willSetStateTo("done"));
    providers.stubFor(
        get(status)
            .inScenario("q")
            .whenScenarioStateIs("done")
            .willReturn(okJson("{\"status\":\"COMPLETED\"}")));
    stubFalImageResult(get("/fal-ai/imagen4/requests/r-1"), "/files/out.png");
    ApiClient tenant = aTenant("pro");

    ApiClient.Response submitted =
        generate(
            tenant, "generate-image", Map.of("prompt", "a red fox in snow", "model", "imagen-4"));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    assertThat((Map<String, Object>) submitted.json().get("credits"))
        .as("the dearest route is reserved")
        .containsEntry("estimated", 50);
    String job = (String) submitted.json().get("id");
    Map<String, Object> done = awaitStatus(tenant, job, "succeeded");

    assertThat((Map<String, Object>) done.get("credits")).containsEntry("actual", 50);
    assertThat(done.get("attempts")).as("waiting on fal used no attempt").isEqualTo(1);
    List<Map<String, Object>> attempts =
        (List<Map<String, Object>>)
            tenant.get("/v1/jobs/" + job + "/provider-attempts").json().get("data");
    assertThat(attempts)
        .extracting(
            a -> a.get("provider"),
            a -> a.get("outcome"),
            a -> a.get("error_code"),
            a -> a.get("billed"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("google", "failed", "provider_unavailable", false),
            org.assertj.core.groups.Tuple.tuple("fal", "succeeded", null, true));
    assertThat(attempts.get(1))
        .containsEntry("provider_request_id", "fal-ai/imagen4/requests/r-1/status");
    HttpResponse<String> events =
        HttpClient.newHttpClient()
            .send(
                tenant
                    .request("/v1/jobs/" + job + "/events")
                    .timeout(java.time.Duration.ofSeconds(20))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(events.body())
        .as("the stream of a finished job ends")
        .contains("waiting_for_provider");
    byte[] stored =
        tenant.download(
            ((List<String>) ((Map<String, Object>) done.get("result")).get("output_asset_ids"))
                .get(0));
    assertThat(stored).isEqualTo(ApiClient.aPng());
  }

  @Test
  @org.junit.jupiter.api.extension.ExtendWith(
      org.springframework.boot.test.system.OutputCaptureExtension.class)
  void aContentPolicyRefusalFailsAtOnceWithoutFailoverAndWithoutTheProvidersWords(
      org.springframework.boot.test.system.CapturedOutput output) {
    providers.stubFor(
        post(urlEqualTo("/v1/images/generations"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"Your request was"
                            + " rejected by our secret safety system xyz (key "
                            + KEY
                            + ")\",\"type\":\"invalid_request_error\",\"param\":null,"
                            + "\"code\":\"content_policy_violation\"}}")));
    ApiClient tenant = aTenant("pro");

    String job =
        (String)
            generate(
                    tenant,
                    "generate-image",
                    Map.of("prompt", "something refused", "model", "gpt-image-1"))
                .json()
                .get("id");
    Map<String, Object> failed = awaitStatus(tenant, job, "failed");

    assertThat(failed.get("error"))
        .asString()
        .contains("code=content_policy_violation", "retryable=false")
        .doesNotContain("secret safety system");
    assertThat(failed).containsEntry("attempts", 1);
    assertThat(String.valueOf(failed.get("credits"))).contains("actual=0");
    providers.verify(1, postRequestedFor(urlEqualTo("/v1/images/generations")));
    assertThat(output.getAll())
        .as("the refusal reaches the operators' log")
        .contains("generation refused by openai")
        .as("API keys never reach the log")
        .doesNotContain(KEY);
  }

  @Test
  void requestsNoRouteCanServeAreRefusedAtSubmission() {
    ApiClient tenant = aTenant("pro");

    ApiClient.Response blank = generate(tenant, "generate-image", Map.of("prompt", "   "));
    ApiClient.Response unknown =
        generate(tenant, "generate-image", Map.of("prompt", "x", "model", "no-such-model"));
    ApiClient.Response overBudget =
        generate(
            tenant,
            "generate-video",
            Map.of("prompt", "x", "model", "veo-3", "duration_s", 8, "max_credits", 100));
    ApiClient.Response tooLong =
        generate(tenant, "generate-image", Map.of("prompt", "x".repeat(4001)));

    for (ApiClient.Response r : List.of(blank, unknown, overBudget, tooLong)) {
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(unknown.body()).contains("unknown_model");
    assertThat(overBudget.body()).contains("over_budget");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theModelCatalogShowsPricesAndWhichModelsAreAvailableHere() {
    ApiClient.Response response = aTenant("free").get("/v1/models");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<Map<String, Object>> models = (List<Map<String, Object>>) response.json().get("data");

    Map<String, Object> veo =
        models.stream().filter(m -> m.get("id").equals("veo-3")).findFirst().orElseThrow();
    assertThat(veo).containsEntry("available", true).containsEntry("unit", "second");
    assertThat((List<Map<String, Object>>) veo.get("endpoints"))
        .extracting(e -> e.get("provider"), e -> e.get("credits_per_unit"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("google", 400),
            org.assertj.core.groups.Tuple.tuple("fal", 500));
    assertThat(models)
        .extracting(m -> m.get("id"))
        .contains("offline-image", "offline-video", "gpt-image-1", "flux-schnell");
  }
}
