package ai.omnix.pipeline.api.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cursors of a job's outputs ({@link PositionCursor}) and an asset's derivatives. */
class ListPositionCursorsTest {
  private static String craft(String payload) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertInvalidCursor(Runnable decode) {
    assertThatThrownBy(decode::run)
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.code()).isEqualTo("invalid_cursor");
            });
  }

  @Test
  void cursorsThisApiWroteReadBack() {
    assertThat(PositionCursor.decode(new PositionCursor(28_799).encode()))
        .isEqualTo(new PositionCursor(28_799));
    LineageCursor lineage =
        new LineageCursor(3, Instant.parse("2026-01-15T10:00:00.123456Z"), "ast_abc");
    assertThat(LineageCursor.decode(lineage.encode())).isEqualTo(lineage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pos:-1", "pos:", "pos:x", "pos:99999999999", "position:3", "3"})
  void aCraftedOutputsCursorIsABadRequest(String payload) {
    assertInvalidCursor(() -> PositionCursor.decode(craft(payload)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "d|0|2026-01-15T10:00:00Z|ast_x",
        "d|x|2026-01-15T10:00:00Z|ast_x",
        "d|1|+1000000000-01-01T00:00:00Z|ast_x",
        "d|1|yesterday|ast_x",
        "d|1|2026-01-15T10:00:00Z|",
        "2026-01-15T10:00:00Z|ast_x"
      })
  void aCraftedDerivativesCursorIsABadRequest(String payload) {
    assertInvalidCursor(() -> LineageCursor.decode(craft(payload)));
  }

  @Test
  void somethingThatIsNotBase64OrTooLongIsABadRequest() {
    assertInvalidCursor(() -> PositionCursor.decode("not base64!"));
    assertInvalidCursor(() -> LineageCursor.decode("not base64!"));
    assertInvalidCursor(() -> PositionCursor.decode("A".repeat(500)));
    assertInvalidCursor(() -> LineageCursor.decode("A".repeat(500)));
  }
}
