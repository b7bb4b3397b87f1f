package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalogue of job types with their parameter schemas, so clients can validate before
 * submitting.
 */
@RestController
public class JobTypesController {
  private final JobTypeRegistry registry;

  public JobTypesController(JobTypeRegistry registry) {
    this.registry = registry;
  }

  @GetMapping(path = "/v1/job-types", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list() {
    return Map.of(
        "object", "list", "data", registry.types().stream().map(JobTypesController::wire).toList());
  }

  private static Map<String, Object> wire(JobType type) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("name", type.name());
    wire.put("description", type.description());
    wire.put("queue_class", type.queueClass().wireName());
    wire.put(
        "inputs",
        type.acceptedInputs().stream()
            .map(JobInput.Kind::name)
            .map(String::toLowerCase)
            .sorted()
            .toList());
    wire.put("max_attempts", type.maxAttempts());
    wire.put("params_schema", type.paramsSchema().toJsonSchema());
    return wire;
  }
}
