package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the JobRunr dashboard shows for our runs, read through JobRunr's own {@link
 * StorageProvider}: a failed attempt is a FAILED run with our code and message and JobRunr does not
 * retry it, a retry is a new run carrying the same {@code job:<id>} label, and a canceled attempt
 * is DELETED, never SUCCEEDED.
 */
class JobRunrRunStatesIT extends PipelineTestSupport {

  @Autowired StorageProvider storage;

  private static String id(ApiClient.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return (String) r.json().get("id");
  }

  /** Every JobRunr run labelled with this job, oldest first. */
  private List<Job> runsOf(String jobId) {
    List<Job> runs = new ArrayList<>();
    for (StateName state : StateName.values()) {
      for (Job job : storage.getJobList(state, new AmountRequest("updatedAt:DESC", 10_000))) {
        if (job.getLabels().contains("job:" + jobId)) {
          runs.add(job);
        }
      }
    }
    runs.sort(Comparator.comparing(Job::getCreatedAt));
    return runs;
  }

  private List<Job> awaitRuns(
      String jobId, String what, java.util.function.Predicate<List<Job>> done) {
    return await(Duration.ofSeconds(60), () -> runsOf(jobId), done, what + " of job " + jobId);
  }

  @Test
  void aPermanentlyFailedJobIsAFailedRunWithOurCodeAndMessageAndIsNotRetriedByJobRunr() {
    ApiClient tenant = aTenant("pro");
    String id =
        id(tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("fail", "permanent"))));
    awaitStatus(tenant, id, "failed");

    List<Job> runs =
        awaitRuns(
            id, "one failed run", r -> r.size() == 1 && r.get(0).getState() == StateName.FAILED);
    Job run = runs.get(0);
    FailedState failed = run.getJobState();
    assertThat(failed.getExceptionType())
        .isEqualTo("ai.omnix.pipeline.workers.jobrunr.RunFailedException");
    assertThat(failed.getExceptionMessage())
        .startsWith("noop_failed: Failed on request (fail=permanent).");
    assertThat(run.getJobName()).contains("noop job " + id);
    assertThat(run.getLabels()).contains("job:" + id, "type:noop");
    assertThat(run.getJobStates())
        .extracting(s -> s.getName())
        .doesNotContain(StateName.SUCCEEDED, StateName.SCHEDULED);
    assertThat(storage.getJobList(StateName.SCHEDULED, new AmountRequest("updatedAt:DESC", 10_000)))
        .noneMatch(j -> j.getLabels().contains("job:" + id));
  }

  @Test
  void aRetriedJobShowsAFailedRunThenANewSucceededRunOfTheSameJob() {
    ApiClient tenant = aTenant("pro");
    String id =
        id(
            tenant.post(
                "/v1/jobs",
                Map.of("type", "noop", "params", Map.of("fail", "transient", "fail_attempts", 1))));
    Map<String, Object> done = awaitStatus(tenant, id, "succeeded");
    assertThat(done).containsEntry("attempts", 2);

    List<Job> runs =
        awaitRuns(
            id,
            "a failed then a succeeded run",
            r ->
                r.size() == 2
                    && r.get(0).getState() == StateName.FAILED
                    && r.get(1).getState() == StateName.SUCCEEDED);
    assertThat(runs.get(0).getId()).isNotEqualTo(runs.get(1).getId());
    assertThat(((FailedState) runs.get(0).getJobState()).getExceptionMessage())
        .startsWith("noop_transient: ")
        .contains("retried as a new run");
  }

  @Test
  void aCanceledRunIsDeletedNotSucceeded() {
    ApiClient tenant = aTenant("pro");
    String id =
        id(tenant.post("/v1/jobs", Map.of("type", "noop", "params", Map.of("sleep_ms", 120_000))));
    awaitStatus(tenant, id, "running");
    assertThat(tenant.post("/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
    awaitStatus(tenant, id, "canceled");

    List<Job> runs =
        awaitRuns(
            id, "one deleted run", r -> r.size() == 1 && r.get(0).getState() == StateName.DELETED);
    DeletedState deleted = runs.get(0).getJobState();
    assertThat(deleted.getReason()).startsWith("canceled");
    assertThat(runs.get(0).getJobStates())
        .extracting(s -> s.getName())
        .doesNotContain(StateName.SUCCEEDED);
  }
}
