package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.store.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the JSON body of {@code POST /v1/jobs} into a {@link JobSubmission}, refusing anything
 * malformed.
 */
final class SubmissionParser {
  private static final Set<String> FIELDS =
      Set.of("type", "input", "params", "webhook_url", "metadata", "priority", "follow_ups");
  private static final Set<String> FOLLOW_UP_FIELDS =
      Set.of("type", "params", "input", "follow_ups");
  private static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int MAX_ASSETS = 100;
  private static final int MAX_METADATA_BYTES = 4_096;
  private static final int MAX_PARAMS_BYTES = 16_384;

  private final OutboundAddressPolicy outbound;

  SubmissionParser(OutboundAddressPolicy outbound) {
    this.outbound = outbound;
  }

  JobSubmission parse(Map<String, Object> body) {
    if (body == null) {
      throw new ApiProblem(
          400, "malformed_json", "Malformed JSON", "The request body must be a JSON object.");
    }
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw invalid(
            "unknown_field", field, "is not a field of a job request (fields: " + FIELDS + ")");
      }
    }
    Object type = body.get("type");
    if (!(type instanceof String t) || t.isBlank()) {
      throw invalid("missing_type", "type", "is required: the job type, for example \"noop\"");
    }
    JobInput input = parseInput(body.get("input"));
    Map<String, Object> params = object(body.get("params"), "params", MAX_PARAMS_BYTES);
    Map<String, Object> metadata = object(body.get("metadata"), "metadata", MAX_METADATA_BYTES);
    String webhookUrl = null;
    if (body.get("webhook_url") != null) {
      if (!(body.get("webhook_url") instanceof String url)) {
        throw invalid("invalid_webhook_url", "webhook_url", "must be a string");
      }
      outbound
          .checkUrl(url)
          .ifPresent(
              reason -> {
                throw invalid("invalid_webhook_url", "webhook_url", reason);
              });
      webhookUrl = url;
    }
    int priority = 0;
    Object p = body.get("priority");
    if (p != null) {
      if (!(p instanceof Integer i)
          || i < JobSubmission.MIN_PRIORITY
          || i > JobSubmission.MAX_PRIORITY) {
        throw invalid(
            "invalid_priority",
            "priority",
            "must be an integer from "
                + JobSubmission.MIN_PRIORITY
                + " to "
                + JobSubmission.MAX_PRIORITY);
      }
      priority = i;
    }
    int[] total = {0};
    List<FollowUp> followUps = parseFollowUps(body.get("follow_ups"), "follow_ups", 1, total);
    return new JobSubmission(t, input, params, webhookUrl, metadata, priority, followUps);
  }

  private static List<FollowUp> parseFollowUps(Object raw, String field, int depth, int[] total) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list) || list.size() > FollowUp.MAX_PER_JOB) {
      throw invalid(
          "invalid_follow_ups",
          field,
          "must be a list of at most " + FollowUp.MAX_PER_JOB + " jobs");
    }
    if (depth > FollowUp.MAX_DEPTH) {
      throw invalid(
          "invalid_follow_ups", field, "may nest at most " + FollowUp.MAX_DEPTH + " levels deep");
    }
    List<FollowUp> followUps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = field + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw invalid("invalid_follow_ups", at, "must be an object with type, params and input");
      }
      for (Object key : map.keySet()) {
        if (!FOLLOW_UP_FIELDS.contains(String.valueOf(key))) {
          throw invalid(
              "invalid_follow_ups",
              at + "." + key,
              "is not a field of a follow-up " + FOLLOW_UP_FIELDS);
        }
      }
      if (++total[0] > FollowUp.MAX_TOTAL) {
        throw invalid(
            "invalid_follow_ups", field, "may hold at most " + FollowUp.MAX_TOTAL + " jobs in all");
      }
      if (!(map.get("type") instanceof String type) || type.isBlank()) {
        throw invalid("invalid_follow_ups", at + ".type", "is required");
      }
      Object input = map.get("input");
      FollowUp.Source source;
      if (input == null || "source".equals(input)) {
        source = FollowUp.Source.SOURCE;
      } else if ("output".equals(input)) {
        source = FollowUp.Source.OUTPUT;
      } else {
        throw invalid("invalid_follow_ups", at + ".input", "must be \"source\" or \"output\"");
      }
      followUps.add(
          new FollowUp(
              type,
              object(map.get("params"), at + ".params", MAX_PARAMS_BYTES),
              source,
              parseFollowUps(map.get("follow_ups"), at + ".follow_ups", depth + 1, total)));
    }
    return followUps;
  }

  private JobInput parseInput(Object raw) {
    if (raw == null) {
      return JobInput.none();
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw invalid("invalid_input", "input", "must be an object with asset_id, asset_ids or url");
    }
    if (map.isEmpty()) {
      return JobInput.none();
    }
    if (map.size() != 1) {
      throw invalid(
          "invalid_input", "input", "must have exactly one of asset_id, asset_ids or url");
    }
    var entry = map.entrySet().iterator().next();
    Object value = entry.getValue();
    switch (String.valueOf(entry.getKey())) {
      case "asset_id" -> {
        if (!(value instanceof String id) || !ASSET_ID.matcher(id).matches()) {
          throw invalid("invalid_input", "input.asset_id", "must be an asset id");
        }
        return JobInput.asset(id);
      }
      case "asset_ids" -> {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ASSETS) {
          throw invalid(
              "invalid_input",
              "input.asset_ids",
              "must be a list of 1 to " + MAX_ASSETS + " asset ids");
        }
        List<String> ids = new ArrayList<>();
        for (Object o : list) {
          if (!(o instanceof String id) || !ASSET_ID.matcher(id).matches()) {
            throw invalid("invalid_input", "input.asset_ids", "must contain only asset ids");
          }
          ids.add(id);
        }
        return JobInput.assets(ids);
      }
      case "url" -> {
        if (!(value instanceof String url)) {
          throw invalid("invalid_input", "input.url", "must be a string");
        }
        outbound
            .checkUrl(url)
            .ifPresent(
                reason -> {
                  throw invalid("invalid_input", "input.url", reason);
                });
        return JobInput.url(url);
      }
      default ->
          throw invalid(
              "invalid_input",
              "input." + entry.getKey(),
              "is not an input form (use asset_id, asset_ids or url)");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object raw, String field, int maxBytes) {
    if (raw == null) {
      return Map.of();
    }
    String code = field.startsWith("follow_ups") ? "invalid_follow_ups" : "invalid_" + field;
    if (!(raw instanceof Map<?, ?> map)) {
      throw invalid(code, field, "must be a JSON object");
    }
    if (Json.write(map).length() > maxBytes) {
      throw invalid(code, field, "must be at most " + maxBytes + " bytes of JSON");
    }
    return (Map<String, Object>) map;
  }

  static ApiProblem invalid(String code, String field, String message) {
    return new ApiProblem(
        400,
        code,
        "Invalid request",
        field + " " + message,
        List.of(Map.of("field", field, "message", message)));
  }
}
