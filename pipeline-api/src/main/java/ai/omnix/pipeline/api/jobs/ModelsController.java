package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.core.provider.ModelDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every AI model of this deployment in one list, in OpenAI's list shape: generation models (from
 * the generation module) and chat models (from the chat companion), each with its capabilities,
 * prices and availability. Empty where neither module runs. Every entry carries OpenAI's {@code
 * created} and {@code owned_by}, so OpenAI SDKs can read the list.
 */
@RestController
public class ModelsController {
  private final ObjectProvider<ModelDirectory> directories;

  public ModelsController(ObjectProvider<ModelDirectory> directories) {
    this.directories = directories;
  }

  @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list() {
    List<Map<String, Object>> data =
        directories
            .orderedStream()
            .flatMap(directory -> directory.models().stream())
            .map(ModelsController::openAiFields)
            .toList();
    return Map.of("object", "list", "data", data);
  }

  private static Map<String, Object> openAiFields(Map<String, Object> model) {
    Map<String, Object> wire = new LinkedHashMap<>(model);
    wire.putIfAbsent("object", "model");
    wire.putIfAbsent("created", 0);
    wire.putIfAbsent("owned_by", "omnix");
    return wire;
  }
}
