package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.core.provider.ModelDirectory;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The AI models generation jobs can use, with prices and availability; empty where no generation
 * module runs.
 */
@RestController
public class ModelsController {
  private final ObjectProvider<ModelDirectory> directory;

  public ModelsController(ObjectProvider<ModelDirectory> directory) {
    this.directory = directory;
  }

  @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list() {
    ModelDirectory models = directory.getIfAvailable();
    return Map.of("object", "list", "data", models == null ? List.of() : models.models());
  }
}
