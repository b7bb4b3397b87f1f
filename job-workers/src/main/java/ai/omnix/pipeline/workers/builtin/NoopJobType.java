package ai.omnix.pipeline.workers.builtin;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.List;

/**
 * Synthetic jobs that exercise the whole path without doing media work: for smoke tests, benchmarks
 * and drills. {@code noop} is light, {@code noop-heavy} is heavy; both can sleep, report progress,
 * fail on purpose and write many tiny outputs.
 */
public final class NoopJobType {
  static final String OUTPUTS = "outputs";
  static final int MAX_OUTPUTS = 5_000;

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
          ParamSpec.string("echo", 1_000, false, "Returned in the result summary."),
          ParamSpec.integer(
              OUTPUTS,
              0,
              MAX_OUTPUTS,
              false,
              "Writes this many tiny text outputs (out/00000.txt, …), derived from the input asset"
                  + " when there is one: for drills of output paging and lineage deletion."));

  private NoopJobType() {}

  public static JobType light() {
    return of("noop", QueueClass.LIGHT);
  }

  public static JobType heavy() {
    return of("noop-heavy", QueueClass.HEAVY);
  }

  private static JobType of(String name, QueueClass queueClass) {
    return JobTypeSpec.named(name)
        .description(
            "Does nothing for sleep_ms milliseconds; for smoke tests and benchmarks ("
                + queueClass.wireName()
                + ").")
        .queueClass(queueClass)
        .params(SCHEMA)
        .inputs(JobInput.Kind.NONE, JobInput.Kind.ASSET)
        .credits(0)
        .build();
  }
}
