package ai.omnix.pipeline.store.json;

import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON codec the store uses for jsonb columns and webhook payloads. */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

  private Json() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  public static Map<String, Object> readMap(String json) {
    return json == null ? null : MAPPER.readValue(json, MAP);
  }

  public static List<Object> readList(String json) {
    return json == null ? null : MAPPER.readValue(json, LIST);
  }
}
