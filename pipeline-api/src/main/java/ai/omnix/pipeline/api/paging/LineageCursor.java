package ai.omnix.pipeline.api.paging;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The position after the last item of a page of an asset's derivatives, which are listed by depth,
 * then creation time, then id; opaque to clients.
 */
public record LineageCursor(int depth, Instant createdAt, String id) {
  private static final int MAX_LENGTH = 200;

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            ("d|" + depth + "|" + createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ApiProblem 400 {@code invalid_cursor} for anything this API did not produce
   */
  public static LineageCursor decode(String cursor) {
    try {
      if (cursor.length() <= MAX_LENGTH) {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
        if (parts.length == 4 && parts[0].equals("d") && !parts[3].isEmpty()) {
          int depth = Integer.parseInt(parts[1]);
          Optional<Instant> createdAt = Instants.parse(parts[2]);
          if (depth >= 1 && createdAt.isPresent()) {
            return new LineageCursor(depth, createdAt.get(), parts[3]);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64, or not a number: the problem below
    }
    throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
  }
}
