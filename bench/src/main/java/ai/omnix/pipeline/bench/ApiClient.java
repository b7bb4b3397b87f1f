package ai.omnix.pipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A keep-alive HTTP/1.1 client for the job API. One instance is shared by all client threads. */
final class ApiClient {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String NOOP_JOB = "{\"type\":\"noop\",\"params\":{\"sleep_ms\":0}}";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;

  ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  HttpResponse<String> post(String path, String key, String json)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + key)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Creates an enterprise tenant and returns its API key. */
  String createTenant(String adminKey, String id) throws IOException, InterruptedException {
    HttpResponse<String> response =
        post(
            "/v1/tenants",
            adminKey,
            JSON.writeValueAsString(Map.of("id", id, "plan", "enterprise")));
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "creating tenant " + id + " answered " + response.statusCode() + ": " + response.body());
    }
    return (String) parse(response.body()).get("api_key");
  }

  /** Uploads bytes as an asset of the key's tenant; returns the asset id. */
  String upload(String key, String filename, byte[] bytes)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/assets?filename=" + filename))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "upload answered " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    return (String) parse(response.body()).get("id");
  }

  /** Submits a job; returns its id, or throws with the status and body when it was not accepted. */
  String submit(String key, String json) throws IOException, InterruptedException {
    HttpResponse<String> response = post("/v1/jobs", key, json);
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "POST /v1/jobs answered " + response.statusCode() + ": " + abbreviate(response.body()));
    }
    return (String) parse(response.body()).get("id");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) {
    return JSON.readValue(json, Map.class);
  }

  static String abbreviate(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
