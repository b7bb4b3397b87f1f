package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.testkit.SharedPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A process with the API role alone knows every job type, validates and accepts jobs, and builds no
 * handler (nor ffmpeg, Tika extraction, Tesseract or provider clients): handlers are the worker
 * role's.
 */
// The role goes in as a test property, not a dynamic one: RolesEnvironmentPostProcessor reads it
// before dynamic properties are added.
@SpringBootTest(
    classes = PipelineApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "omnix.roles=api")
class ApiRoleIT {
  private static final String ADMIN_KEY = "omx_test_admin_key_api_role_0123456789";
  private static final String DATABASE = SharedPostgres.newDatabase("api_role_it");

  @DynamicPropertySource
  static void apiOnly(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DATABASE);
    registry.add("spring.datasource.username", SharedPostgres::username);
    registry.add("spring.datasource.password", () -> "");
    ProviderStubs.register(registry);
    registry.add("omnix.api.bootstrap-api-key", () -> ADMIN_KEY);
    registry.add("jobrunr.dashboard.enabled", () -> "false");
    registry.add(
        "omnix.data-dir",
        () -> "target/it-data/" + DATABASE.substring(DATABASE.lastIndexOf('/') + 1));
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JobTypeRegistry registry;

  @Test
  void knowsEveryJobTypeAndAcceptsJobsWithoutBuildingAHandler() {
    assertThat(context.getBeansOfType(JobHandler.class)).isEmpty();
    assertThat(context.getBeansOfType(MediaTool.class)).isEmpty();
    assertThat(registry.types())
        .extracting(t -> t.name())
        .contains(
            "noop",
            "verify-asset",
            "probe",
            "transcode",
            "thumbnail",
            "storyboard",
            "hls",
            "extract",
            "ocr",
            "document-thumbnail",
            "generate-image",
            "generate-video");

    ApiClient admin = new ApiClient(port, ADMIN_KEY);
    assertThat(admin.get("/v1/job-types").json().get("data")).asString().contains("name=hls,");
    ApiClient.Response refused =
        admin.post(
            "/v1/jobs",
            Map.of(
                "type",
                "transcode",
                "input",
                Map.of("asset_id", "ast_missing"),
                "params",
                Map.of("height", 99_999)));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json()).containsEntry("code", "invalid_params");
    ApiClient.Response accepted =
        admin.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 0)));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.json()).containsEntry("status", "queued");
    assertThat(List.of(accepted.json().get("type"))).containsExactly("noop");
  }
}
