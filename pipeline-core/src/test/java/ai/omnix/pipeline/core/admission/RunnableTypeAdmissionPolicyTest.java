package ai.omnix.pipeline.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunnableTypeAdmissionPolicyTest {

  @ParameterizedTest(name = "{0} with live workers running [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // type  | live worker types (none = no live worker) | admitted
        "extract | extract noop                               | true",
        "extract | noop                                       | false",
        "extract | ''                                         | false",
        "extract | none                                       | true",
      })
  void refusesATypeThatLiveWorkersDoNotRunButAcceptsWhileNoWorkerIsKnown(
      String type, String live, boolean admitted) {
    Optional<Set<String>> workers =
        "none".equals(live)
            ? Optional.empty()
            : Optional.of(live.isBlank() ? Set.of() : Set.of(live.trim().split("\\s+")));
    AdmissionDecision decision = RunnableTypeAdmissionPolicy.decide(type, workers);
    assertThat(decision.admitted()).isEqualTo(admitted);
    if (!admitted) {
      assertThat(decision.httpStatus()).isEqualTo(422);
      assertThat(decision.code()).isEqualTo("job_type_unavailable");
      assertThat(decision.message()).contains("'" + type + "'");
    }
  }
}
