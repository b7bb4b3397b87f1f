package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.job.hook.JobRefusedException;
import ai.omnix.pipeline.store.json.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates a succeeded job's follow-ups in the transaction that ended it. Each follow-up is accepted
 * as a submission is (the accept hooks run for it, so billing reserves its estimate); one that a
 * hook refuses, or that should run on the parent's output when the parent produced none, is created
 * already failed with the reason, so the client sees why it did not run.
 */
public final class FollowUpHook implements JobEndHook {
  private final JdbcClient jdbc;
  private final TransactionTemplate savepoint;
  private final List<JobAcceptHook> acceptHooks;

  public FollowUpHook(
      JdbcClient jdbc, TransactionTemplate tx, List<? extends JobAcceptHook> acceptHooks) {
    this.jdbc = jdbc;
    this.savepoint = new TransactionTemplate(tx.getTransactionManager());
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    List<JobAcceptHook> sorted = new ArrayList<>(acceptHooks);
    sorted.sort(Comparator.comparingInt(JobAcceptHook::order));
    this.acceptHooks = List.copyOf(sorted);
  }

  @Override
  public void jobEnded(EndedJob job) {
    if (!job.succeeded()) {
      return;
    }
    JobRows.byId(jdbc, job.id()).ifPresent(parent -> create(parent, job.finishedAt()));
  }

  /** A child that could not run: why, as the job's error. */
  private record Refusal(String code, String message) {}

  @SuppressWarnings("unchecked")
  private void create(JobRecord parent, Instant now) {
    if (parent.followUps().isEmpty()) {
      return;
    }
    List<Object> outputs =
        parent.result() == null
            ? List.of()
            : (List<Object>) parent.result().getOrDefault("output_asset_ids", List.of());
    String source = parent.input().assetIds().isEmpty() ? null : parent.input().assetIds().get(0);
    for (ResolvedFollowUp spec : parent.followUps()) {
      String input =
          spec.input() == FollowUp.Source.OUTPUT
              ? (outputs.isEmpty() ? null : String.valueOf(outputs.get(0)))
              : source;
      JobId child = JobId.random();
      long estimate = spec.creditsEstimated();
      Refusal refusal =
          input == null
              ? new Refusal(
                  "follow_up_input_missing",
                  "The parent job produced no output asset to run this follow-up on.")
              : null;
      boolean runnable = refusal == null;
      if (!runnable) {
        // Ends at once, so never passes finish(): store it without its write-only values.
        spec = spec.withoutSecrets();
      }
      Map<String, Object> metadata = new LinkedHashMap<>(parent.metadata());
      metadata.put("parent_job_id", parent.id().toString());
      Timestamp ts = Timestamp.from(now);
      jdbc.sql(
              """
          insert into jobs (id, tenant_id, type, status, queue_class, plan_rank, priority, input, params, metadata,
            webhook_url, max_attempts, credits_estimated, run_after, created_at, updated_at, finished_at, error_code,
            error_message, error_retryable, parent_job_id, follow_ups, secret_params)
          select ?, tenant_id, ?, ?, ?, plan_rank, priority, ?::jsonb, ?::jsonb, ?::jsonb, webhook_url, ?, ?, ?, ?, ?,
            ?, ?, ?, ?, id, ?::jsonb, ?
          from jobs where id = ?""")
          .params(
              child.value(),
              spec.type(),
              runnable ? "queued" : "failed",
              spec.queueClass().wireName(),
              Json.write(input != null ? Map.of("asset_id", input) : Map.of()),
              Json.write(spec.params()),
              Json.write(metadata),
              spec.maxAttempts(),
              estimate,
              ts,
              ts,
              ts,
              runnable ? null : ts,
              runnable ? null : refusal.code(),
              runnable ? null : refusal.message(),
              runnable ? null : false,
              Json.write(stored(spec.followUps())),
              spec.secretParams().stream().sorted().toArray(String[]::new),
              parent.id().value())
          .update();
      if (runnable) {
        refusal =
            accept(
                new AcceptedJob(
                    child,
                    parent.tenantId(),
                    spec.type(),
                    estimate,
                    parent.id(),
                    now,
                    spec.params()));
        if (refusal != null) {
          runnable = false;
          ResolvedFollowUp shown = spec.withoutSecrets();
          jdbc.sql(
                  """
              update jobs set status = 'failed', finished_at = ?, error_code = ?, error_message = ?,
                error_retryable = false, params = ?::jsonb, follow_ups = ?::jsonb where id = ?""")
              .params(
                  ts,
                  refusal.code(),
                  refusal.message(),
                  Json.write(shown.params()),
                  Json.write(stored(shown.followUps())),
                  child.value())
              .update();
        }
      }
      JobRows.appendEvent(
          jdbc,
          child,
          "status",
          runnable ? JobStatus.QUEUED : JobStatus.FAILED,
          0,
          0,
          Map.of("parent_job_id", parent.id().toString()),
          now);
    }
  }

  private static List<Map<String, Object>> stored(List<ResolvedFollowUp> followUps) {
    return followUps.stream().map(ResolvedFollowUp::toStored).toList();
  }

  /**
   * Runs the accept hooks for one follow-up, already inserted as queued, under a savepoint: a
   * refusal undoes what the hooks wrote for it and nothing else (the caller then marks it failed).
   */
  private Refusal accept(AcceptedJob job) {
    if (acceptHooks.isEmpty()) {
      return null;
    }
    try {
      savepoint.executeWithoutResult(s -> acceptHooks.forEach(hook -> hook.jobAccepted(job)));
      return null;
    } catch (JobRefusedException refused) {
      return new Refusal(refused.code(), refused.getMessage());
    }
  }
}
