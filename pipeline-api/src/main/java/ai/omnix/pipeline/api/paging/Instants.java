package ai.omnix.pipeline.api.paging;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Instants a client sends (query filters, cursors), limited to what the store can hold: years 1 to
 * 9999. {@link Instant} itself reaches year ±1,000,000,000, which neither {@code
 * java.sql.Timestamp} arithmetic nor PostgreSQL's {@code timestamptz} (4713 BC to 294276 AD)
 * represents.
 */
public final class Instants {
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private Instants() {}

  /** Parses an ISO-8601 instant in the representable range, or empty. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.length() > 64) {
      return Optional.empty();
    }
    try {
      Instant instant = Instant.parse(text);
      return isRepresentable(instant) ? Optional.of(instant) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static boolean isRepresentable(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  /**
   * @throws ApiProblem 400 {@code invalid_query} naming {@code field}
   */
  public static Instant parseQuery(String text, String field) {
    return parse(text)
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "invalid_query",
                    field
                        + " must be an ISO-8601 instant between years 0001 and 9999, such as"
                        + " 2026-01-31T12:00:00Z."));
  }
}
