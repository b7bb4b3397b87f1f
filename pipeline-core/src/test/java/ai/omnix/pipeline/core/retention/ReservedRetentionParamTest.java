package ai.omnix.pipeline.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import ai.omnix.pipeline.core.job.type.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every job type accepts the reserved {@code retention} parameter, and only its three values. */
class ReservedRetentionParamTest {
  private final JobType type =
      new JobType() {
        public String name() {
          return "sleepy";
        }

        public String description() {
          return "sleeps";
        }

        public QueueClass queueClass() {
          return QueueClass.LIGHT;
        }

        public ParamsSchema paramsSchema() {
          return ParamsSchema.of(ParamSpec.integer("sleep_ms", 0, 1000, false, "how long"));
        }

        public Set<JobInput.Kind> acceptedInputs() {
          return Set.of(JobInput.Kind.NONE);
        }

        public long estimateCredits(JobSubmission s) {
          return 1;
        }
      };
  private final JobTypeRegistry registry =
      new JobTypeRegistry(
          List.of(type),
          List.of(
              new JobHandler() {
                public String type() {
                  return "sleepy";
                }

                public JobResult handle(JobExecution e) {
                  return JobResult.of(Map.of());
                }
              }));

  private List<Violation> validate(Map<String, Object> params) {
    return registry.validate(
        type, new JobSubmission("sleepy", JobInput.none(), params, null, Map.of(), 0));
  }

  @Test
  void acceptsTheReservedParameterBesideTheTypesOwn() {
    for (String value : List.of("inherit", "policy", "temporary")) {
      assertThat(validate(Map.of("sleep_ms", 5, "retention", value))).isEmpty();
    }
    assertThat(JobRetention.of(Map.of("retention", "temporary"))).isEqualTo(JobRetention.TEMPORARY);
    assertThat(JobRetention.of(Map.of())).isEqualTo(JobRetention.INHERIT);
  }

  @Test
  void refusesOtherValuesAndStillRefusesUnknownParameters() {
    assertThat(validate(Map.of("retention", "forever")))
        .extracting(Violation::field)
        .containsExactly("params.retention");
    assertThat(validate(Map.of("retention", 3)))
        .extracting(Violation::field)
        .containsExactly("params.retention");
    assertThat(validate(Map.of("retention", "policy", "sleep_mss", 3)))
        .extracting(Violation::field)
        .containsExactly("params.sleep_mss");
  }
}
