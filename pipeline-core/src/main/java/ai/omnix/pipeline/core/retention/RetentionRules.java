package ai.omnix.pipeline.core.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** How long a new asset is kept: pure decisions, tested as tables. */
public final class RetentionRules {
  private static final int MAX_VALUE_LENGTH = 64;

  private RetentionRules() {}

  /**
   * What a client asked for at upload: {@code retention} ({@code temporary} or {@code policy}) or
   * {@code expires_at} (RFC 3339), at most one of them; both null when it said nothing.
   */
  public record UploadRequest(String retention, String expiresAt) {
    public static UploadRequest none() {
      return new UploadRequest(null, null);
    }

    public boolean isEmpty() {
      return blank(retention) && blank(expiresAt);
    }
  }

  /** An upload's retention request that cannot be honoured. */
  public static final class InvalidRetentionException extends IllegalArgumentException {
    private final boolean malformed;

    InvalidRetentionException(boolean malformed, String message) {
      super(message);
      this.malformed = malformed;
    }

    /** True when the request cannot be read; false when it is readable but out of bounds. */
    public boolean malformed() {
      return malformed;
    }
  }

  /**
   * An upload's retention: what it asked for, else the tenant's upload default.
   *
   * @throws InvalidRetentionException for an unknown value, both fields at once, an unreadable
   *     time, a deadline not in the future, or one past the policy's asset period from now
   */
  public static AssetRetention forUpload(
      UploadRequest request, RetentionPolicy policy, Instant now) {
    if (request == null || request.isEmpty()) {
      return policy.uploadDefault() == AssetRetention.Mode.TEMPORARY
          ? AssetRetention.temporary(now)
          : AssetRetention.policy();
    }
    if (!blank(request.retention()) && !blank(request.expiresAt())) {
      throw new InvalidRetentionException(true, "Give either retention or expires_at, not both.");
    }
    if (!blank(request.retention())) {
      return switch (request.retention().trim()) {
        case "temporary" -> AssetRetention.temporary(now);
        case "policy" -> AssetRetention.policy();
        default ->
            throw new InvalidRetentionException(
                true, "retention must be \"temporary\" (24 hours) or \"policy\".");
      };
    }
    Instant deadline = parseTime(request.expiresAt().trim());
    if (!deadline.isAfter(now)) {
      throw new InvalidRetentionException(false, "expires_at must be in the future.");
    }
    Instant latest = now.plus(policy.assetPeriod());
    if (deadline.isAfter(latest)) {
      throw new InvalidRetentionException(
          false,
          "expires_at may be at most "
              + policy.assetDays()
              + " days ahead (the "
              + (policy.override() != null ? "tenant's" : policy.plan().wireName() + " plan's")
              + " retention period): "
              + latest
              + " at the latest.");
    }
    return AssetRetention.until(deadline);
  }

  private static Instant parseTime(String value) {
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new InvalidRetentionException(true, "expires_at is too long.");
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRetentionException(
          true, "expires_at must be an RFC 3339 time such as 2026-03-01T00:00:00Z.");
    }
  }

  /**
   * A job output's retention, decided where it is written.
   *
   * @param source the retention of the asset it derives from, or null for a generated file
   * @param job what the job's {@value JobRetention#PARAM} parameter says
   * @param now when the output is written
   */
  public static AssetRetention forOutput(AssetRetention source, JobRetention job, Instant now) {
    return switch (job) {
      case TEMPORARY -> AssetRetention.temporary(now);
      case POLICY -> AssetRetention.policy();
      case INHERIT ->
          source == null || source.mode() == AssetRetention.Mode.POLICY
              ? AssetRetention.policy()
              : source;
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
