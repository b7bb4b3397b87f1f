package ai.omnix.pipeline.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobEvent;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The job's JSON (API answers and webhook events alike), byte for byte. */
class JobJsonTest {
  private static final Instant T = Instant.parse("2026-02-01T12:00:00Z");

  private static JobRecord aFailedJobWithSecretsAndFollowUps() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("prompt", "a cat");
    params.put("api_key", "sk-secret");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("type", "thumbnail");
    nested.put("params", Map.of("token", "hidden"));
    nested.put("input", "output");
    nested.put("queue_class", "light");
    nested.put("max_attempts", 3);
    nested.put("secret_params", List.of("token"));
    Map<String, Object> followUp = new LinkedHashMap<>();
    followUp.put("type", "transcode");
    followUp.put("params", Map.of("height", 720));
    followUp.put("input", "source");
    followUp.put("queue_class", "heavy");
    followUp.put("max_attempts", 3);
    followUp.put("follow_ups", List.of(nested));
    return new JobRecord(
        new JobId(UUID.fromString("11111111-2222-3333-4444-555555555555")),
        new TenantId("t1"),
        "generate-image",
        JobStatus.FAILED,
        QueueClass.IO_BOUND,
        3,
        JobInput.asset("ast_1"),
        params,
        Map.of("k", "v"),
        "https://example.com/hook",
        null,
        new JobFailure("provider_refused", "no", false),
        40,
        2,
        3,
        7,
        true,
        UUID.randomUUID(),
        T,
        T,
        T,
        T.plusSeconds(5),
        T.plusSeconds(1),
        T.plusSeconds(5),
        UUID.fromString("99999999-2222-3333-4444-555555555555"),
        ai.omnix.pipeline.store.job.ResolvedFollowUp.allFromStored(List.of(followUp)),
        3,
        null,
        null,
        Set.of("api_key"));
  }

  @Test
  void writesTheJobAsClientsAlwaysSawItWithoutWriteOnlyValues() {
    assertThat(Json.write(JobJson.of(aFailedJobWithSecretsAndFollowUps())))
        .isEqualTo(
            "{\"id\":\"11111111-2222-3333-4444-555555555555\",\"object\":\"job\","
                + "\"type\":\"generate-image\",\"status\":\"failed\",\"progress\":40,"
                + "\"attempts\":2,\"max_attempts\":3,\"priority\":3,\"queue_class\":\"io_bound\","
                + "\"input\":{\"asset_id\":\"ast_1\"},\"params\":{\"prompt\":\"a cat\"},"
                + "\"metadata\":{\"k\":\"v\"},\"webhook_url\":\"https://example.com/hook\","
                + "\"credits\":{\"estimated\":7,\"actual\":0},\"cancel_requested\":true,"
                + "\"result\":null,\"error\":{\"code\":\"provider_refused\",\"message\":\"no\","
                + "\"retryable\":false},\"created_at\":\"2026-02-01T12:00:00Z\","
                + "\"updated_at\":\"2026-02-01T12:00:05Z\",\"started_at\":\"2026-02-01T12:00:01Z\","
                + "\"finished_at\":\"2026-02-01T12:00:05Z\","
                + "\"parent_job_id\":\"99999999-2222-3333-4444-555555555555\","
                + "\"follow_ups\":[{\"type\":\"transcode\",\"params\":{\"height\":720},"
                + "\"input\":\"source\",\"follow_ups\":[{\"type\":\"thumbnail\",\"params\":{},"
                + "\"input\":\"output\",\"follow_ups\":[]}]}]}");
  }

  @Test
  void writesAnEventWithItsDataOnlyWhenItHasSome() {
    assertThat(
            Json.write(
                JobJson.event(new JobEvent(5, "progress", "running", 40, 2, null, T), "job-1")))
        .isEqualTo(
            "{\"job_id\":\"job-1\",\"kind\":\"progress\",\"status\":\"running\",\"progress\":40,"
                + "\"attempt\":2,\"at\":\"2026-02-01T12:00:00Z\"}");
  }
}
