package ai.omnix.pipeline.chat.route;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.chat.route.Failover.Decision;
import ai.omnix.pipeline.chat.route.Failover.Skip;
import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailoverTest {

  @ParameterizedTest(name = "{0}, after first token {1}, endpoints left {2} -> {3}")
  @CsvSource({
    // before the first token: the endpoint's own trouble moves on
    "RATE_LIMITED,    false, true,  NEXT_ENDPOINT",
    "UNAVAILABLE,     false, true,  NEXT_ENDPOINT",
    "TIMEOUT,         false, true,  NEXT_ENDPOINT",
    "CONNECTION,      false, true,  NEXT_ENDPOINT",
    "MALFORMED,       false, true,  NEXT_ENDPOINT",
    // ... but a request another endpoint would refuse too ends the reply
    "INVALID_REQUEST, false, true,  END_WITH_ERROR",
    "UNAUTHORIZED,    false, true,  END_WITH_ERROR",
    "REFUSED,         false, true,  END_WITH_ERROR",
    // after the first token: never switch
    "RATE_LIMITED,    true,  true,  END_WITH_ERROR",
    "UNAVAILABLE,     true,  true,  END_WITH_ERROR",
    "TIMEOUT,         true,  true,  END_WITH_ERROR",
    "CONNECTION,      true,  true,  END_WITH_ERROR",
    "MALFORMED,       true,  true,  END_WITH_ERROR",
    // nowhere left to go
    "RATE_LIMITED,    false, false, END_WITH_ERROR",
    "CONNECTION,      false, false, END_WITH_ERROR",
  })
  void failsOverOnlyOnTheEndpointsOwnTroubleBeforeTheFirstToken(
      Kind kind, boolean afterFirstToken, boolean endpointsLeft, Decision expected) {
    assertThat(Failover.afterFailure(kind, afterFirstToken, endpointsLeft)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} counts against the circuit: {1}")
  @CsvSource({
    "RATE_LIMITED,    true",
    "UNAVAILABLE,     true",
    "TIMEOUT,         true",
    "CONNECTION,      true",
    "MALFORMED,       true",
    "INVALID_REQUEST, false",
    "UNAUTHORIZED,    false",
    "REFUSED,         false",
  })
  void onlyTheEndpointsOwnTroubleCountsAgainstItsCircuit(Kind kind, boolean against) {
    assertThat(Failover.againstEndpoint(kind)).isEqualTo(against);
  }

  @ParameterizedTest(name = "skipped {0} -> {1}")
  @CsvSource({
    "RATE_LIMITED,               RATE_LIMITED",
    "RATE_LIMITED;RATE_LIMITED,  RATE_LIMITED",
    "CIRCUIT_OPEN,               UNAVAILABLE",
    "RATE_LIMITED;CIRCUIT_OPEN,  UNAVAILABLE",
  })
  void everyEndpointSkippedSaysRateLimitedOnlyWhenRateLimitsAloneSkippedThem(
      String skips, Kind expected) {
    List<Skip> why = java.util.Arrays.stream(skips.split(";")).map(Skip::valueOf).toList();
    assertThat(Failover.whenAllSkipped(why)).isEqualTo(expected);
  }
}
