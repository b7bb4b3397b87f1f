package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.List;
import java.util.Set;

/**
 * Synthetic jobs that exercise the whole path without doing media work: for smoke tests, benchmarks
 * and drills. {@code noop} is light, {@code noop-heavy} is heavy; both can sleep, report progress
 * and fail on purpose.
 */
public final class NoopJobType implements JobType {
  static final ParamsSchema SCHEMA =
      ParamsSchema.of(
          ParamSpec.integer(
              "sleep_ms", 0, 600_000, false, "How long the job works, in milliseconds."),
          ParamSpec.oneOf(
              "fail",
              List.of("transient", "permanent"),
              false,
              "Fail on purpose: transient failures are retried, permanent ones are not."),
          ParamSpec.integer(
              "fail_attempts",
              1,
              10,
              false,
              "With fail=transient: how many attempts fail before one succeeds (default: all)."),
          ParamSpec.string("echo", 1_000, false, "Returned in the result summary."));

  private final String name;
  private final QueueClass queueClass;

  private NoopJobType(String name, QueueClass queueClass) {
    this.name = name;
    this.queueClass = queueClass;
  }

  public static NoopJobType light() {
    return new NoopJobType("noop", QueueClass.LIGHT);
  }

  public static NoopJobType heavy() {
    return new NoopJobType("noop-heavy", QueueClass.HEAVY);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "Does nothing for sleep_ms milliseconds; for smoke tests and benchmarks ("
        + queueClass.wireName()
        + ").";
  }

  @Override
  public QueueClass queueClass() {
    return queueClass;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return SCHEMA;
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return Set.of(JobInput.Kind.NONE);
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return 0;
  }
}
