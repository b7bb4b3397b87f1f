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

class PageCursorTest {
  private static String craft(String payload) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCursorThisApiWroteReadsBack() {
    PageCursor cursor = new PageCursor(Instant.parse("2026-01-15T10:00:00.123456Z"), "abc");
    assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+1000000000-01-01T00:00:00Z|5c1b0e4e-1d7b-4a4e-9a4e-000000000000",
        "-1000000000-01-01T00:00:00Z|x",
        "+10000-01-01T00:00:00Z|x",
        "-0001-12-31T23:59:59Z|x",
        "2026-01-15T10:00:00Z|",
        "yesterday|x"
      })
  void aCraftedCursorIsABadRequest(String payload) {
    assertThatThrownBy(() -> PageCursor.decode(craft(payload)))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.code()).isEqualTo("invalid_cursor");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+1000000000-01-01T00:00:00Z",
        "-999999999-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z"
      })
  void anUnrepresentableQueryInstantIsABadRequest(String text) {
    assertThatThrownBy(() -> Instants.parseQuery(text, "created_after"))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.code()).isEqualTo("invalid_query"));
  }

  @Test
  void theEdgesOfTheRangeAreAccepted() {
    assertThat(Instants.parseQuery("0001-01-01T00:00:00Z", "x")).isEqualTo(Instants.EARLIEST);
    assertThat(Instants.parseQuery("9999-12-31T23:59:59.999999Z", "x")).isEqualTo(Instants.LATEST);
  }
}
