package ai.omnix.pipeline.api.paging;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position after the last item of a page of an ordered list whose items have a stable ordinal
 * (a job's outputs), opaque to clients.
 */
public record PositionCursor(int position) {
  private static final String PREFIX = "pos:";
  private static final int MAX_LENGTH = 40;

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ApiProblem 400 {@code invalid_cursor} for anything this API did not produce
   */
  public static PositionCursor decode(String cursor) {
    try {
      if (cursor.length() <= MAX_LENGTH) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (text.startsWith(PREFIX)) {
          int position = Integer.parseInt(text.substring(PREFIX.length()));
          if (position >= 0) {
            return new PositionCursor(position);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64, or not a number: the problem below
    }
    throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
  }
}
