package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets RFC 9457 problem+json with a stable code; none gets a 500. */
class ProblemJsonIT extends PipelineTestSupport {

  record Case(String name, int status, String code, Function<ApiClient, ApiClient.Response> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
            new Case("no API key", 401, "unauthenticated", c -> c.as(null).get("/v1/jobs")),
            new Case(
                "unknown API key",
                401,
                "invalid_api_key",
                c -> c.as("omx_not_a_real_key_000000000000").get("/v1/jobs")),
            new Case(
                "malformed JSON",
                400,
                "malformed_json",
                c -> c.post("/v1/jobs", "{\"type\": \"noop\",")),
            new Case(
                "JSON array instead of object",
                400,
                "malformed_json",
                c -> c.post("/v1/jobs", "[1,2]")),
            new Case("empty body", 400, "malformed_json", c -> c.post("/v1/jobs", "")),
            new Case(
                "missing type",
                400,
                "missing_type",
                c -> c.post("/v1/jobs", Map.of("params", Map.of()))),
            new Case(
                "unknown job type",
                400,
                "unknown_job_type",
                c -> c.post("/v1/jobs", Map.of("type", "teleport"))),
            new Case(
                "unknown field",
                400,
                "unknown_field",
                c -> c.post("/v1/jobs", Map.of("type", "noop", "prio", 1))),
            new Case(
                "param out of range",
                422,
                "invalid_params",
                c -> c.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", -1)))),
            new Case(
                "param of wrong type",
                422,
                "invalid_params",
                c ->
                    c.post(
                        "/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", "soon")))),
            new Case(
                "unknown param",
                422,
                "invalid_params",
                c -> c.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleeep_ms", 1)))),
            new Case(
                "input the type does not take",
                422,
                "input_not_accepted",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of("type", "tenant-export", "input", Map.of("asset_id", "a1")))),
            new Case(
                "malformed input",
                400,
                "invalid_input",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of(
                            "type",
                            "noop",
                            "input",
                            Map.of("asset_id", "a1", "url", "https://x.io")))),
            new Case(
                "params not an object",
                400,
                "invalid_params",
                c -> c.post("/v1/jobs", Map.of("type", "noop", "params", List.of(1)))),
            new Case(
                "priority out of range",
                400,
                "invalid_priority",
                c -> c.post("/v1/jobs", Map.of("type", "noop", "priority", 99))),
            new Case(
                "webhook to a private address",
                400,
                "invalid_webhook_url",
                c ->
                    c.post(
                        "/v1/jobs", Map.of("type", "noop", "webhook_url", "http://10.0.0.7/hook"))),
            new Case(
                "webhook to cloud metadata",
                400,
                "invalid_webhook_url",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of("type", "noop", "webhook_url", "http://169.254.169.254/latest"))),
            new Case(
                "webhook with a non-http scheme",
                400,
                "invalid_webhook_url",
                c ->
                    c.post(
                        "/v1/jobs", Map.of("type", "noop", "webhook_url", "file:///etc/passwd"))),
            new Case(
                "oversize body",
                413,
                "body_too_large",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of("type", "noop", "params", Map.of("echo", "x".repeat(300_000))))),
            new Case(
                "oversize metadata",
                400,
                "invalid_metadata",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of("type", "noop", "metadata", Map.of("blob", "y".repeat(5_000))))),
            new Case(
                "idempotency key too long",
                400,
                "invalid_idempotency_key",
                c ->
                    c.post("/v1/jobs", Map.of("type", "noop"), "Idempotency-Key", "k".repeat(300))),
            new Case(
                "follow-up of an unknown type",
                400,
                "unknown_job_type",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of("type", "noop", "follow_ups", List.of(Map.of("type", "teleport"))))),
            new Case(
                "follow-up with invalid params",
                422,
                "invalid_follow_ups",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of(
                            "type",
                            "noop",
                            "follow_ups",
                            List.of(
                                Map.of(
                                    "type", "transcode", "params", Map.of("preset", "8k-imax")))))),
            new Case(
                "follow-up that cannot take an asset",
                422,
                "invalid_follow_ups",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of(
                            "type",
                            "noop",
                            "follow_ups",
                            List.of(Map.of("type", "tenant-export"))))),
            new Case(
                "follow-ups nested too deep",
                400,
                "invalid_follow_ups",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of(
                            "type",
                            "noop",
                            "follow_ups",
                            List.of(
                                Map.of(
                                    "type",
                                    "probe",
                                    "follow_ups",
                                    List.of(
                                        Map.of(
                                            "type",
                                            "probe",
                                            "follow_ups",
                                            List.of(
                                                Map.of(
                                                    "type",
                                                    "probe",
                                                    "follow_ups",
                                                    List.of(Map.of("type", "probe"))))))))))),
            new Case(
                "follow-up input neither source nor output",
                400,
                "invalid_follow_ups",
                c ->
                    c.post(
                        "/v1/jobs",
                        Map.of(
                            "type",
                            "noop",
                            "follow_ups",
                            List.of(Map.of("type", "probe", "input", "elsewhere"))))),
            new Case(
                "not JSON",
                415,
                "unsupported_media_type",
                c ->
                    c.send(
                        c.request("/v1/jobs")
                            .header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString("noop"))
                            .build())),
            new Case(
                "unknown job id",
                404,
                "not_found",
                c -> c.get("/v1/jobs/5c1b0e4e-1d7b-4a4e-9a4e-000000000000")),
            new Case(
                "job id that is not a UUID",
                404,
                "not_found",
                c -> c.get("/v1/jobs/../../etc/passwd")),
            new Case("unknown path", 404, "not_found", c -> c.get("/v1/nothing-here")),
            new Case(
                "wrong method",
                405,
                "method_not_allowed",
                c -> c.send(c.request("/v1/jobs").DELETE().build())),
            new Case("bad status filter", 400, "invalid_query", c -> c.get("/v1/jobs?status=done")),
            new Case("bad limit", 400, "invalid_query", c -> c.get("/v1/jobs?limit=1000")),
            new Case(
                "forged cursor",
                400,
                "invalid_cursor",
                c -> c.get("/v1/jobs?cursor=bm90LWEtY3Vyc29y")),
            new Case(
                "bad date filter",
                400,
                "invalid_query",
                c -> c.get("/v1/jobs?created_after=yesterday")),
            new Case(
                "date filter outside the representable range",
                400,
                "invalid_query",
                c -> c.get("/v1/jobs?created_after=%2B1000000000-01-01T00:00:00Z")),
            new Case(
                "date filter past year 9999",
                400,
                "invalid_query",
                c -> c.get("/v1/jobs?created_before=%2B10000-01-01T00:00:00Z")),
            new Case(
                "crafted cursor with an unrepresentable time",
                400,
                "invalid_cursor",
                c ->
                    c.get(
                        "/v1/jobs?cursor="
                            + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(
                                    "+1000000000-01-01T00:00:00Z|5c1b0e4e-1d7b-4a4e-9a4e-000000000000"
                                        .getBytes()))),
            new Case(
                "crafted asset cursor with an unrepresentable time",
                400,
                "invalid_cursor",
                c ->
                    c.get(
                        "/v1/assets?cursor="
                            + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("-1000000000-01-01T00:00:00Z|a1".getBytes()))),
            new Case(
                "redeliver before the job ends",
                409,
                "job_not_finished",
                c -> {
                  String id =
                      (String)
                          c.post(
                                  "/v1/jobs",
                                  Map.of("type", "noop", "params", Map.of("sleep_ms", 30_000)))
                              .json()
                              .get("id");
                  ApiClient.Response r = c.post("/v1/jobs/" + id + "/webhooks/redeliver", "");
                  c.post("/v1/jobs/" + id + "/cancel", "");
                  return r;
                }),
            new Case(
                "bad Last-Event-ID",
                400,
                "invalid_last_event_id",
                c -> {
                  String id = (String) c.post("/v1/jobs", Map.of("type", "noop")).json().get("id");
                  return c.send(
                      c.request("/v1/jobs/" + id + "/events")
                          .header("Last-Event-ID", "abc")
                          .GET()
                          .build());
                }))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void answersProblemJsonWithAStableCode(Case c) {
    ApiClient.Response r = c.call().apply(aTenant("pro"));
    assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
    assertThat(r.contentType()).as(c.name()).startsWith("application/problem+json");
    Map<String, Object> problem = r.json();
    assertThat(problem)
        .as(c.name())
        .containsEntry("code", c.code())
        .containsEntry("status", c.status())
        .containsKeys("type", "title", "detail");
    assertThat((String) problem.get("type")).endsWith("/" + c.code());
  }

  @Test
  void aChunkedBodyIsCutOffAtTheLimitWithoutBufferingIt() {
    ApiClient tenant = aTenant("pro");
    byte[] chunk =
        ("{\"type\":\"noop\",\"metadata\":{\"x\":\"" + "z".repeat(400_000) + "\"}}").getBytes();
    ApiClient.Response r =
        tenant.send(
            tenant
                .request("/v1/jobs")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(chunk)))
                .build());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json()).containsEntry("code", "body_too_large");
  }
}
