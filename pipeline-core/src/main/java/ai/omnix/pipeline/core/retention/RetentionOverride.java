package ai.omnix.pipeline.core.retention;

/**
 * A tenant's own retention settings (admin API); a null field keeps the plan's default.
 *
 * @param uploadDefault {@code TEMPORARY} or {@code POLICY}
 */
public record RetentionOverride(
    Integer assetDays, Integer jobDays, AssetRetention.Mode uploadDefault) {
  public RetentionOverride {
    check("asset_days", assetDays);
    check("job_days", jobDays);
    if (uploadDefault == AssetRetention.Mode.UNTIL) {
      throw new IllegalArgumentException("upload_default must be temporary or policy");
    }
    if (assetDays == null && jobDays == null && uploadDefault == null) {
      throw new IllegalArgumentException(
          "an override sets at least one of asset_days, job_days, upload_default");
    }
  }

  private static void check(String field, Integer days) {
    if (days != null && (days < RetentionPolicy.MIN_DAYS || days > RetentionPolicy.MAX_DAYS)) {
      throw new IllegalArgumentException(
          field
              + " must be "
              + RetentionPolicy.MIN_DAYS
              + " to "
              + RetentionPolicy.MAX_DAYS
              + " days");
    }
  }
}
