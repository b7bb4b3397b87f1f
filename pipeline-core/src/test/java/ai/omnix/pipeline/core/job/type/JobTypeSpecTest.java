package ai.omnix.pipeline.core.job.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTypeSpecTest {

  private static JobSubmission aSubmission(Map<String, Object> params) {
    return new JobSubmission("resize", JobInput.asset("ast_1"), params, null, Map.of(), 0);
  }

  @Test
  void declaresATypeAsDataWithTheInterfacesDefaults() {
    JobType type =
        JobTypeSpec.named("resize")
            .description("Resizes.")
            .queueClass(QueueClass.HEAVY)
            .params(ParamSpec.integer("width", 1, 4096, true, "Width."))
            .inputs(JobInput.Kind.ASSET)
            .credits(3)
            .build();

    assertThat(type.name()).isEqualTo("resize");
    assertThat(type.description()).isEqualTo("Resizes.");
    assertThat(type.queueClass()).isEqualTo(QueueClass.HEAVY);
    assertThat(type.acceptedInputs()).containsExactly(JobInput.Kind.ASSET);
    assertThat(type.paramsSchema().validate(Map.of()))
        .containsExactly(new Violation("params.width", "is required"));
    assertThat(type.estimateCredits(aSubmission(Map.of("width", 10)))).isEqualTo(3);
    assertThat(type.maxAttempts()).isEqualTo(3);
    assertThat(type.validateFurther(aSubmission(Map.of()))).isEmpty();
    assertThat(type.defaultFollowUps(aSubmission(Map.of()))).isEmpty();
  }

  @Test
  void takesRulesThatDependOnTheSubmission() {
    FollowUp poster = new FollowUp("thumbnail", Map.of(), FollowUp.Source.OUTPUT, List.of());
    JobType type =
        JobTypeSpec.named("resize")
            .description("Resizes.")
            .queueClass(QueueClass.LIGHT)
            .inputs(JobInput.Kind.NONE, JobInput.Kind.ASSET)
            .credits(s -> ((Number) s.params().getOrDefault("width", 0)).longValue() / 100)
            .maxAttempts(5)
            .validatedBy(
                s ->
                    s.params().containsKey("width")
                        ? List.of()
                        : List.of(new Violation("params.width", "give a width")))
            .defaultFollowUps(s -> List.of(poster))
            .build();

    assertThat(type.acceptedInputs())
        .containsExactlyInAnyOrder(JobInput.Kind.NONE, JobInput.Kind.ASSET);
    assertThat(type.estimateCredits(aSubmission(Map.of("width", 1200)))).isEqualTo(12);
    assertThat(type.maxAttempts()).isEqualTo(5);
    assertThat(type.validateFurther(aSubmission(Map.of())))
        .containsExactly(new Violation("params.width", "give a width"));
    assertThat(type.defaultFollowUps(aSubmission(Map.of()))).containsExactly(poster);
  }

  @Test
  void refusesAnIncompleteDeclarationNamingWhatIsMissing() {
    assertThatThrownBy(
            () ->
                JobTypeSpec.named("resize")
                    .queueClass(QueueClass.LIGHT)
                    .inputs(JobInput.Kind.ASSET)
                    .credits(1)
                    .build())
        .hasMessageContaining("resize: no description");
    assertThatThrownBy(
            () ->
                JobTypeSpec.named("resize")
                    .description("d")
                    .queueClass(QueueClass.LIGHT)
                    .credits(1)
                    .build())
        .hasMessageContaining("resize: declare the inputs it accepts");
    assertThatThrownBy(
            () ->
                JobTypeSpec.named("resize")
                    .description("d")
                    .queueClass(QueueClass.LIGHT)
                    .inputs(JobInput.Kind.ASSET)
                    .build())
        .hasMessageContaining("resize: no credit estimate");
    assertThatThrownBy(() -> JobTypeSpec.named("resize").maxAttempts(0))
        .hasMessageContaining("at least 1");
  }
}
