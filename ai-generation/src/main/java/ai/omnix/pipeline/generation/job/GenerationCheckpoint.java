package ai.omnix.pipeline.generation.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a generation job keeps between its runs (see {@link
 * ai.omnix.pipeline.core.job.handler.JobExecution#saveCheckpoint}): when it started, which routes
 * it tried in this attempt, the provider operations it still waits on, and, once it adopted a
 * result, that result. Not thread-safe: one run uses it.
 */
final class GenerationCheckpoint {
  Instant startedAt;
  int jobAttempt;
  final List<String> tried = new ArrayList<>();
  final List<Pending> pending = new ArrayList<>();
  Adopted adopted;

  /** A rate-limit token reserved for a submit on this route, usable from {@link #reservedAt}. */
  String reservedRoute;

  Instant reservedAt;

  /**
   * A provider operation the job waits on. Timed-out ones stay, so a late result can still be
   * adopted.
   */
  static final class Pending {
    UUID attemptId;
    String routeKey;
    String provider;
    String providerModel;
    String model;
    String operationId;
    long credits;
    Instant submittedAt;
    int polls;
    long hintMillis;
    boolean timedOut;
  }

  record Adopted(
      UUID attemptId, List<String> outputAssetIds, long credits, Map<String, Object> summary) {}

  static GenerationCheckpoint from(Map<String, Object> map) {
    GenerationCheckpoint cp = new GenerationCheckpoint();
    if (map == null || map.isEmpty()) {
      return cp;
    }
    cp.startedAt = instant(map.get("started_at"));
    cp.jobAttempt = intOf(map.get("job_attempt"));
    for (Object t : list(map.get("tried"))) {
      cp.tried.add(String.valueOf(t));
    }
    for (Object o : list(map.get("pending"))) {
      Map<?, ?> m = (Map<?, ?>) o;
      Pending p = new Pending();
      p.attemptId = UUID.fromString((String) m.get("attempt_id"));
      p.routeKey = (String) m.get("route");
      p.provider = (String) m.get("provider");
      p.providerModel = (String) m.get("provider_model");
      p.model = (String) m.get("model");
      p.operationId = (String) m.get("operation_id");
      p.credits = longOf(m.get("credits"));
      p.submittedAt = instant(m.get("submitted_at"));
      p.polls = intOf(m.get("polls"));
      p.hintMillis = longOf(m.get("hint_ms"));
      p.timedOut = Boolean.TRUE.equals(m.get("timed_out"));
      cp.pending.add(p);
    }
    cp.reservedRoute = (String) map.get("reserved_route");
    cp.reservedAt = instant(map.get("reserved_at"));
    if (map.get("adopted") instanceof Map<?, ?> a) {
      List<String> outputs = new ArrayList<>();
      list(a.get("outputs")).forEach(x -> outputs.add(String.valueOf(x)));
      @SuppressWarnings("unchecked")
      Map<String, Object> summary =
          a.get("summary") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
      cp.adopted =
          new Adopted(
              UUID.fromString((String) a.get("attempt_id")),
              outputs,
              longOf(a.get("credits")),
              summary);
    }
    return cp;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("started_at", startedAt == null ? null : startedAt.toString());
    map.put("job_attempt", jobAttempt);
    map.put("tried", List.copyOf(tried));
    List<Object> pendings = new ArrayList<>();
    for (Pending p : pending) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("attempt_id", p.attemptId.toString());
      m.put("route", p.routeKey);
      m.put("provider", p.provider);
      m.put("provider_model", p.providerModel);
      m.put("model", p.model);
      m.put("operation_id", p.operationId);
      m.put("credits", p.credits);
      m.put("submitted_at", p.submittedAt.toString());
      m.put("polls", p.polls);
      m.put("hint_ms", p.hintMillis);
      m.put("timed_out", p.timedOut);
      pendings.add(m);
    }
    map.put("pending", pendings);
    if (reservedRoute != null) {
      map.put("reserved_route", reservedRoute);
      map.put("reserved_at", reservedAt.toString());
    }
    if (adopted != null) {
      map.put(
          "adopted",
          Map.of(
              "attempt_id",
              adopted.attemptId().toString(),
              "outputs",
              adopted.outputAssetIds(),
              "credits",
              adopted.credits(),
              "summary",
              adopted.summary()));
    }
    return map;
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static Instant instant(Object o) {
    return o instanceof String s ? Instant.parse(s) : null;
  }

  private static int intOf(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }

  private static long longOf(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
