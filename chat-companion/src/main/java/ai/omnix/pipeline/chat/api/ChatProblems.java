package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.util.List;
import java.util.Map;

/**
 * The chat companion's refusals, as the API's problems (problem+json) with the offending parameter
 * in {@code errors[0].param}; on {@code /v1/chat/*} the {@link OpenAiErrorFilter} turns them into
 * OpenAI's error object with that {@code param}.
 */
final class ChatProblems {
  private ChatProblems() {}

  static ApiProblem invalid(String code, String param, String message) {
    return of(400, code, "Invalid request", param, message);
  }

  static ApiProblem of(int status, String code, String title, String param, String message) {
    return new ApiProblem(
        status,
        code,
        title,
        message,
        param == null ? List.of() : List.of(Map.of("param", param, "message", message)));
  }
}
