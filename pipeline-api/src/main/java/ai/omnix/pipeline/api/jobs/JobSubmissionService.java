package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.admission.AdmissionDecision;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.job.ResolvedFollowUp;
import ai.omnix.pipeline.store.json.Json;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accepts a job: parse, validate against the job type, run every admission policy, then store it
 * under the idempotency key in one transaction. Once this returns, the job is durable and will
 * reach a terminal state.
 */
public class JobSubmissionService {
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  private final JobTypeRegistry registry;
  private final List<AdmissionPolicy> admission;
  private final JobSubmissions jobs;
  private final SubmissionParser parser;
  private final AssetRepository assets;

  public JobSubmissionService(
      JobTypeRegistry registry,
      List<AdmissionPolicy> admission,
      JobSubmissions jobs,
      OutboundAddressPolicy outbound,
      AssetRepository assets) {
    this.registry = registry;
    this.admission = List.copyOf(admission);
    this.jobs = jobs;
    this.parser = new SubmissionParser(outbound);
    this.assets = assets;
  }

  public JobSubmissions.Inserted submit(
      Tenant tenant, Map<String, Object> body, String idempotencyKey) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank()
            || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY
            || !idempotencyKey.chars().allMatch(c -> c > 32 && c < 127))) {
      throw ApiProblem.badRequest(
          "invalid_idempotency_key",
          "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters.");
    }
    JobSubmission submission = parser.parse(body);
    JobType type =
        registry
            .type(submission.type())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        400,
                        "unknown_job_type",
                        "Unknown job type",
                        "There is no job type '"
                            + abbreviate(submission.type())
                            + "'. Known types: "
                            + registry.types().stream().map(JobType::name).toList()
                            + "."));
    List<Violation> violations = registry.validate(type, submission);
    if (!violations.isEmpty()) {
      boolean input = violations.get(0).field().startsWith("input");
      throw new ApiProblem(
          422,
          input ? "input_not_accepted" : "invalid_params",
          input ? "Input not accepted" : "Invalid job parameters",
          violations.get(0).field()
              + " "
              + violations.get(0).message()
              + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""),
          violations.stream()
              .map(v -> Map.<String, Object>of("field", v.field(), "message", v.message()))
              .toList());
    }
    List<String> inputAssets = submission.input().assetIds();
    if (!inputAssets.isEmpty()
        && assets.countOwned(tenant.id(), inputAssets) != Set.copyOf(inputAssets).size()) {
      throw new ApiProblem(
          422,
          "unknown_asset",
          "Unknown asset",
          "input names an asset that does not exist (or is not yours).");
    }
    List<ResolvedFollowUp> followUps =
        resolve(
            submission.followUps().isEmpty()
                ? defaultFollowUps(type, submission)
                : submission.followUps(),
            "follow_ups");
    long credits = type.estimateCredits(submission);
    for (AdmissionPolicy policy : admission) {
      AdmissionDecision decision = policy.admit(tenant, type, submission, credits);
      if (!decision.admitted()) {
        throw new ApiProblem(
            decision.httpStatus(), decision.code(), "Not admitted", decision.message());
      }
    }
    String requestHash = idempotencyKey == null ? null : ApiKeys.hash(Json.write(canonical(body)));
    return jobs.insert(
        new NewJob(
            JobId.random(),
            tenant,
            submission,
            type.queueClass(),
            type.maxAttempts(),
            credits,
            idempotencyKey,
            requestHash,
            followUps,
            type.paramsSchema().secretNames()));
  }

  /**
   * Validates follow-ups now, as if submitted on an asset, so a job never succeeds into an invalid
   * follow-up; and records what the store needs to create them later (queue class, attempts).
   */
  private List<ResolvedFollowUp> resolve(List<FollowUp> followUps, String field) {
    List<ResolvedFollowUp> resolved = new ArrayList<>();
    for (int i = 0; i < followUps.size(); i++) {
      FollowUp followUp = followUps.get(i);
      String at = field + "[" + i + "]";
      JobType type =
          registry
              .type(followUp.type())
              .orElseThrow(
                  () ->
                      new ApiProblem(
                          400,
                          "unknown_job_type",
                          "Unknown job type",
                          at
                              + ".type: there is no job type '"
                              + abbreviate(followUp.type())
                              + "'."));
      JobSubmission asIfSubmitted =
          new JobSubmission(
              followUp.type(),
              JobInput.asset("ast_follow_up_check"),
              followUp.params(),
              null,
              Map.of(),
              0);
      List<Violation> violations = registry.validate(type, asIfSubmitted);
      if (!violations.isEmpty()) {
        throw new ApiProblem(
            422,
            "invalid_follow_ups",
            "Invalid follow-up",
            at + ": " + violations.get(0).field() + " " + violations.get(0).message(),
            violations.stream()
                .map(
                    v ->
                        Map.<String, Object>of(
                            "field", at + "." + v.field(), "message", v.message()))
                .toList());
      }
      resolved.add(
          new ResolvedFollowUp(
              type.name(),
              followUp.params(),
              followUp.input(),
              type.queueClass(),
              type.maxAttempts(),
              type.paramsSchema().secretNames(),
              // what billing reserves when the follow-up is created (the accept hooks read it)
              type.estimateCredits(asIfSubmitted),
              resolve(followUp.followUps(), at + ".follow_ups")));
    }
    return resolved;
  }

  /**
   * The type's default follow-ups, when every type they name is registered here; none otherwise.
   */
  private List<FollowUp> defaultFollowUps(JobType type, JobSubmission submission) {
    List<FollowUp> defaults = type.defaultFollowUps(submission);
    return defaults.stream().allMatch(f -> registry.type(f.type()).isPresent())
        ? defaults
        : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Object canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JobSubmissionService::canonical).toList();
    }
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
