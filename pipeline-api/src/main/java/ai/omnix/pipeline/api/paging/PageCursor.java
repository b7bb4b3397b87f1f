package ai.omnix.pipeline.api.paging;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The position after the last item of a page of a newest-first list: its creation time and id,
 * opaque to clients. Keyset paging keeps pages stable while new items arrive.
 */
public record PageCursor(Instant createdAt, String id) {
  private static final int MAX_LENGTH = 200;

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ApiProblem {@code invalid_cursor} for anything this API did not produce
   */
  public static PageCursor decode(String cursor) {
    try {
      if (cursor.length() <= MAX_LENGTH) {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
        if (parts.length == 2 && !parts[1].isEmpty()) {
          Optional<Instant> createdAt = Instants.parse(parts[0]);
          if (createdAt.isPresent()) {
            return new PageCursor(createdAt.get(), parts[1]);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through to the problem below
    }
    throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
  }
}
