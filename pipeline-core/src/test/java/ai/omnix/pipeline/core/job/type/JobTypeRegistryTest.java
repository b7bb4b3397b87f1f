package ai.omnix.pipeline.core.job.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTypeRegistryTest {

  static JobType aType(String name, ParamSpec... params) {
    return new JobType() {
      public String name() {
        return name;
      }

      public String description() {
        return name;
      }

      public QueueClass queueClass() {
        return QueueClass.LIGHT;
      }

      public ParamsSchema paramsSchema() {
        return ParamsSchema.of(params);
      }

      public Set<JobInput.Kind> acceptedInputs() {
        return Set.of(JobInput.Kind.NONE, JobInput.Kind.ASSET);
      }

      public long estimateCredits(JobSubmission s) {
        return 1;
      }
    };
  }

  static JobHandler aHandler(String type) {
    return new JobHandler() {
      public String type() {
        return type;
      }

      public JobResult handle(JobExecution e) {
        return JobResult.of(Map.of());
      }
    };
  }

  static JobSubmission aSubmission(String type, Map<String, Object> params, JobInput input) {
    return new JobSubmission(type, input, params, null, Map.of(), 0);
  }

  @Test
  void refusesToStartWhenATypeHasNoHandler() {
    assertThatThrownBy(() -> new JobTypeRegistry(List.of(aType("probe")), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("job type 'probe' has no handler");
  }

  @Test
  void refusesToStartWhenATypeHasTwoHandlers() {
    assertThatThrownBy(
            () ->
                new JobTypeRegistry(
                    List.of(aType("probe")), List.of(aHandler("probe"), aHandler("probe"))))
        .hasMessageContaining("job type 'probe' has two handlers");
  }

  @Test
  void refusesToStartWhenAHandlerRunsAnUnknownType() {
    assertThatThrownBy(() -> new JobTypeRegistry(List.of(), List.of(aHandler("ghost"))))
        .hasMessageContaining("unknown job type 'ghost'");
  }

  @Test
  void refusesToStartWhenATypeIsDeclaredTwiceOrBadlyNamed() {
    assertThatThrownBy(
            () ->
                new JobTypeRegistry(
                    List.of(aType("a1"), aType("a1"), aType("Bad Name")),
                    List.of(aHandler("a1"), aHandler("Bad Name"))))
        .hasMessageContaining("declared twice")
        .hasMessageContaining("must match");
  }

  @Test
  void aProcessThatOnlyAcceptsJobsKnowsTheTypesWithoutAnyHandler() {
    JobType type = aType("resize", ParamSpec.integer("width", 1, 4096, true, null));
    JobTypeRegistry registry = JobTypeRegistry.typesOnly(List.of(type, aType("probe")));

    assertThat(registry.types()).extracting(JobType::name).containsExactly("probe", "resize");
    assertThat(registry.type("resize")).containsSame(type);
    assertThat(registry.validate(type, aSubmission("resize", Map.of(), JobInput.none())))
        .containsExactly(new Violation("params.width", "is required"));
    assertThatThrownBy(() -> registry.handler("resize"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker role off");
    assertThatThrownBy(() -> JobTypeRegistry.typesOnly(List.of(aType("a1"), aType("a1"))))
        .hasMessageContaining("declared twice");
  }

  @Test
  void pairsEachTypeWithItsHandler() {
    JobHandler handler = aHandler("probe");
    JobTypeRegistry registry = new JobTypeRegistry(List.of(aType("probe")), List.of(handler));
    assertThat(registry.handler("probe")).isSameAs(handler);
    assertThat(registry.type("probe")).isPresent();
    assertThat(registry.type("nope")).isEmpty();
  }

  @Test
  void validatesParamsAgainstTheDeclaredSchema() {
    JobType type =
        aType(
            "resize",
            ParamSpec.integer("width", 1, 4096, true, null),
            ParamSpec.oneOf("format", List.of("jpeg", "webp"), false, null));
    JobTypeRegistry registry = new JobTypeRegistry(List.of(type), List.of(aHandler("resize")));

    assertThat(
            registry.validate(type, aSubmission("resize", Map.of("width", 100), JobInput.none())))
        .isEmpty();
    assertThat(registry.validate(type, aSubmission("resize", Map.of(), JobInput.none())))
        .containsExactly(new Violation("params.width", "is required"));
    assertThat(
            registry.validate(type, aSubmission("resize", Map.of("width", 5000), JobInput.none())))
        .containsExactly(new Violation("params.width", "must be at most 4096"));
    assertThat(
            registry.validate(type, aSubmission("resize", Map.of("width", "100"), JobInput.none())))
        .containsExactly(new Violation("params.width", "must be an integer"));
    assertThat(
            registry.validate(
                type, aSubmission("resize", Map.of("width", 1, "format", "gif"), JobInput.none())))
        .containsExactly(new Violation("params.format", "must be one of [jpeg, webp]"));
    assertThat(
            registry.validate(
                type, aSubmission("resize", Map.of("width", 1, "widht", 2), JobInput.none())))
        .containsExactly(new Violation("params.widht", "is not a parameter of this job type"));
  }

  @Test
  void refusesAnInputFormTheTypeDoesNotTake() {
    JobType type = aType("resize");
    JobTypeRegistry registry = new JobTypeRegistry(List.of(type), List.of(aHandler("resize")));
    assertThat(
            registry.validate(
                type, aSubmission("resize", Map.of(), JobInput.url("https://example.com/a"))))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("input");
              assertThat(v.message()).contains("does not take url input");
            });
  }

  @Test
  void publishesTheSchemaAsJsonSchema() {
    ParamsSchema schema = ParamsSchema.of(ParamSpec.integer("width", 1, 4096, true, "pixels"));
    assertThat(schema.toJsonSchema())
        .containsEntry("type", "object")
        .containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("width"));
    @SuppressWarnings("unchecked")
    Map<String, Object> width =
        (Map<String, Object>)
            ((Map<String, Object>) schema.toJsonSchema().get("properties")).get("width");
    assertThat(width)
        .containsEntry("type", "integer")
        .containsEntry("minimum", 1L)
        .containsEntry("maximum", 4096L);
  }
}
