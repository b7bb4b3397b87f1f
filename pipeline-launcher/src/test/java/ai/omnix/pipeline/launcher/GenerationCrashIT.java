package ai.omnix.pipeline.launcher;

import static ai.omnix.pipeline.launcher.PipelineTestSupport.await;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JdbcJobStore;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.testkit.SharedPostgres;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two worker JVMs run generation jobs against a stand-in for fal's queue API; one is killed with
 * SIGKILL while the jobs wait on the provider. Every job still succeeds, each was submitted to the
 * provider exactly once (its operation id lived in the job's checkpoint, not in the dead worker),
 * and each is billed once.
 */
class GenerationCrashIT {
  private static final int JOBS = 4;
  private static final String KEY = "crash-test-fal-key-000000";

  @Test
  void jobsWaitingOnAProviderSurviveAKilledWorkerWithoutASecondSubmitOrBill() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger submits = new AtomicInteger();
    WireMockServer fal =
        new WireMockServer(
            wireMockConfig()
                .dynamicPort()
                .extensions(
                    transformer(
                        "submit",
                        () -> okJson("{\"request_id\":\"req-" + submits.incrementAndGet() + "\"}")),
                    transformer(
                        "status",
                        () ->
                            okJson(
                                "{\"status\":\""
                                    + (done.get() ? "COMPLETED" : "IN_PROGRESS")
                                    + "\"}"))));
    try {
      fal.start();
      fal.stubFor(
          post(urlEqualTo("/fal-ai/flux/schnell"))
              .willReturn(aResponse().withTransformers("submit")));
      fal.stubFor(
          get(urlMatching("/fal-ai/flux/requests/[^/]+/status"))
              .willReturn(aResponse().withTransformers("status")));
      fal.stubFor(
          get(urlMatching("/fal-ai/flux/requests/req-[0-9]+"))
              .willReturn(
                  okJson(
                      "{\"images\":[{\"url\":\""
                          + fal.baseUrl()
                          + "/files/out.png\",\"content_type\":\"image/png\"}],\"has_nsfw_concepts\":[false]}")));
      fal.stubFor(get("/files/out.png").willReturn(aResponse().withBody(ApiClient.aPng())));

      String url = SharedPostgres.newDatabase("gencrash");
      String[] falArgs = {
        "--omnix.generation.providers.fal.api-key=" + KEY,
        "--omnix.generation.providers.fal.base-url=" + fal.baseUrl(),
        "--omnix.generation.offline=false",
        "--omnix.outbound.allowed-cidrs=127.0.0.0/8"
      };
      try (WorkerProcess first = WorkerProcess.start("worker", url, "gencrash-a", falArgs);
          WorkerProcess second = WorkerProcess.start("worker", url, "gencrash-b", falArgs)) {
        DirectStore store = DirectStore.on(url);
        JdbcClient jdbc = store.jdbc();
        JdbcJobStore jobs = store.jobs();
        Tenant tenant = store.anEnterpriseTenant("gen-crash");
        for (int i = 0; i < JOBS; i++) {
          jobs.insert(
              new NewJob(
                  JobId.random(),
                  tenant,
                  new JobSubmission(
                      "generate-image",
                      JobInput.none(),
                      Map.of("prompt", "a lighthouse " + i, "model", "flux-schnell"),
                      null,
                      Map.of(),
                      0),
                  QueueClass.IO_BOUND,
                  3,
                  3,
                  null,
                  null));
        }

        await(
            Duration.ofSeconds(60),
            () ->
                jdbc.sql(
                        """
            select count(*) from jobs where checkpoint->'pending'->0->>'operation_id' is not null""")
                    .query(Integer.class)
                    .single(),
            n -> n == JOBS,
            "every job to be waiting on the provider");
        first.kill();
        done.set(true);

        await(
            Duration.ofSeconds(120),
            () ->
                jdbc.sql("select count(*) from jobs where status = 'succeeded'")
                    .query(Integer.class)
                    .single(),
            n -> n == JOBS,
            "all jobs to succeed after the kill (see " + second.log() + ")");

        assertThat(submits).as("one submit per job: none repeated after the kill").hasValue(JOBS);
        fal.verify(JOBS, postRequestedFor(urlEqualTo("/fal-ai/flux/schnell")));
        List<Map<String, Object>> perJob =
            jdbc.sql(
                    """
            select j.id, j.credits_actual, count(a.*) filter (where a.billed) as billed, count(a.*) as attempts
            from jobs j join provider_attempts a on a.job_id = j.id group by j.id, j.credits_actual""")
                .query()
                .listOfRows();
        assertThat(perJob)
            .hasSize(JOBS)
            .allSatisfy(
                row -> {
                  assertThat(((Number) row.get("billed")).intValue()).isEqualTo(1);
                  assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
                  assertThat(((Number) row.get("credits_actual")).longValue()).isEqualTo(3);
                });
        assertThat(
                jdbc.sql("select count(*) from jobs where status <> 'succeeded'")
                    .query(Integer.class)
                    .single())
            .isZero();
      }
    } finally {
      fal.stop();
    }
  }

  private static ResponseTransformerV2 transformer(
      String name,
      java.util.function.Supplier<com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder>
          answer) {
    return new ResponseTransformerV2() {
      @Override
      public Response transform(Response response, ServeEvent serveEvent) {
        var definition = answer.get().build();
        return Response.Builder.like(response)
            .but()
            .status(definition.getStatus())
            .headers(definition.getHeaders())
            .body(definition.getBody())
            .build();
      }

      @Override
      public boolean applyGlobally() {
        return false;
      }

      @Override
      public String getName() {
        return name;
      }
    };
  }
}
