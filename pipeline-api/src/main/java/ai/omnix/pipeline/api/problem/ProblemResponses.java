package ai.omnix.pipeline.api.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders {@link ApiProblem}s, both from controllers and from servlet filters that run before them.
 */
public final class ProblemResponses {
  public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemResponses() {}

  public static Map<String, Object> body(ApiProblem problem, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://omnix.ai/problems/" + problem.code());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.getMessage());
    body.put("code", problem.code());
    if (instance != null) {
      body.put("instance", instance);
    }
    if (!problem.errors().isEmpty()) {
      body.put("errors", problem.errors());
    }
    return body;
  }

  public static ResponseEntity<Map<String, Object>> entity(ApiProblem problem, String instance) {
    return ResponseEntity.status(HttpStatus.valueOf(problem.status()))
        .contentType(PROBLEM_JSON)
        .body(body(problem, instance));
  }

  public static void write(HttpServletResponse response, ApiProblem problem, String instance)
      throws IOException {
    response.setStatus(problem.status());
    response.setContentType(PROBLEM_JSON.toString());
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(body(problem, instance)));
  }
}
