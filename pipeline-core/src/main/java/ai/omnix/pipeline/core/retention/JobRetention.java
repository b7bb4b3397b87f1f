package ai.omnix.pipeline.core.retention;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a job says about keeping its outputs and its own record: the reserved parameter {@value
 * #PARAM}, accepted by every job type.
 *
 * <ul>
 *   <li>{@link #INHERIT} (the default): an output keeps its source asset's retention (a transcode
 *       of a temporary upload goes with it); an output without a source follows the tenant's
 *       policy. The job's record is kept by the tenant's job policy, but no longer than its input
 *       assets.
 *   <li>{@link #POLICY}: outputs and record follow the tenant's policy, even from a temporary
 *       input.
 *   <li>{@link #TEMPORARY}: outputs are deleted 24 hours after they are written, the record 24
 *       hours after the job was submitted.
 * </ul>
 */
public enum JobRetention {
  INHERIT,
  POLICY,
  TEMPORARY;

  public static final String PARAM = "retention";

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The job's choice from its params; {@link #INHERIT} when absent or unreadable. */
  public static JobRetention of(Map<String, Object> params) {
    Object value = params == null ? null : params.get(PARAM);
    if (value instanceof String s) {
      for (JobRetention r : values()) {
        if (r.wireName().equals(s)) {
          return r;
        }
      }
    }
    return INHERIT;
  }

  public static JobRetention fromWireName(String name) {
    return name == null ? INHERIT : valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * What is wrong with the reserved parameter ({@code params.retention}), if it is present and not
   * one of the values.
   */
  public static Optional<String> violation(Map<String, Object> params) {
    Object value = params == null ? null : params.get(PARAM);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      for (JobRetention r : values()) {
        if (r.wireName().equals(s)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of("must be one of \"inherit\", \"policy\", \"temporary\"");
  }

  /** The params without the reserved parameter, for the job type's own schema. */
  public static Map<String, Object> withoutParam(Map<String, Object> params) {
    if (params == null || !params.containsKey(PARAM)) {
      return params;
    }
    Map<String, Object> rest = new LinkedHashMap<>(params);
    rest.remove(PARAM);
    return rest;
  }
}
