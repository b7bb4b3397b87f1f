package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.QueueClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A follow-up as the store keeps it: the client's follow-up, resolved and validated at admission,
 * with what the store needs to create it when its parent succeeds. Stored in {@code
 * jobs.follow_ups} as JSON ({@link #toStored()}, {@link #fromStored(Map)}); the JSON stops at the
 * row, everything else handles this record.
 *
 * @param input run on the parent's input asset or on its first output
 * @param secretParams the names of the follow-up type's write-only parameters
 * @param creditsEstimated what billing reserves when the follow-up is created
 */
public record ResolvedFollowUp(
    String type,
    Map<String, Object> params,
    FollowUp.Source input,
    QueueClass queueClass,
    int maxAttempts,
    Set<String> secretParams,
    long creditsEstimated,
    List<ResolvedFollowUp> followUps) {

  public ResolvedFollowUp {
    Objects.requireNonNull(type);
    params = params == null ? Map.of() : params;
    input = input == null ? FollowUp.Source.SOURCE : input;
    secretParams = secretParams == null ? Set.of() : Set.copyOf(secretParams);
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
  }

  /** The stored JSON object (the column's format, unchanged since follow-ups were maps). */
  public Map<String, Object> toStored() {
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("type", type);
    stored.put("params", params);
    stored.put("input", input.name().toLowerCase(Locale.ROOT));
    stored.put("queue_class", queueClass.wireName());
    stored.put("max_attempts", maxAttempts);
    stored.put("secret_params", secretParams.stream().sorted().toList());
    stored.put("credits_estimated", creditsEstimated);
    stored.put("follow_ups", followUps.stream().map(ResolvedFollowUp::toStored).toList());
    return stored;
  }

  /** Reads a stored follow-up; absent optional fields (older rows) read as none. */
  @SuppressWarnings("unchecked")
  public static ResolvedFollowUp fromStored(Map<String, Object> stored) {
    Object secrets = stored.get("secret_params");
    Object credits = stored.get("credits_estimated");
    List<ResolvedFollowUp> nested = new ArrayList<>();
    for (Object n : (List<Object>) stored.getOrDefault("follow_ups", List.of())) {
      nested.add(fromStored((Map<String, Object>) n));
    }
    return new ResolvedFollowUp(
        (String) stored.get("type"),
        (Map<String, Object>) stored.get("params"),
        "output".equals(stored.get("input")) ? FollowUp.Source.OUTPUT : FollowUp.Source.SOURCE,
        QueueClass.fromWireName((String) stored.get("queue_class")),
        ((Number) stored.get("max_attempts")).intValue(),
        secrets instanceof List<?> list ? Set.copyOf((List<String>) list) : Set.of(),
        credits instanceof Number n ? n.longValue() : 0L,
        nested);
  }

  /** Reads a stored list of follow-ups (null reads as none). */
  public static List<ResolvedFollowUp> allFromStored(List<?> stored) {
    if (stored == null) {
      return List.of();
    }
    List<ResolvedFollowUp> read = new ArrayList<>();
    for (Object s : stored) {
      read.add(fromStored(castMap(s)));
    }
    return List.copyOf(read);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** The parameters a client may see again: without the write-only ones. */
  public Map<String, Object> shownParams() {
    return JobRecord.withoutSecrets(params, secretParams);
  }

  /** This follow-up without its (and its nested follow-ups') write-only values; this if none. */
  public ResolvedFollowUp withoutSecrets() {
    Map<String, Object> shown = shownParams();
    List<ResolvedFollowUp> nested =
        followUps.stream().map(ResolvedFollowUp::withoutSecrets).toList();
    boolean changed = shown != params;
    for (int i = 0; i < nested.size(); i++) {
      changed |= nested.get(i) != followUps.get(i);
    }
    return changed
        ? new ResolvedFollowUp(
            type, shown, input, queueClass, maxAttempts, secretParams, creditsEstimated, nested)
        : this;
  }
}
