package ai.omnix.pipeline.document.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  @Test
  void writesNestedValuesAndEscapesStrings() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "a \"quote\"\\ and\nnew line\u0001");
    value.put("n", 3);
    value.put("f", 1.5);
    value.put("nan", Double.NaN);
    value.put("ok", true);
    value.put("none", null);
    value.put("list", Arrays.asList(1, "two", null, List.of()));
    value.put("map", Map.of("k", "v"));

    assertThat(JsonWriter.write(value))
        .isEqualTo(
            "{\"text\":\"a \\\"quote\\\"\\\\ and\\nnew line\\u0001\",\"n\":3,\"f\":1.5,\"nan\":null,\"ok\":true,"
                + "\"none\":null,\"list\":[1,\"two\",null,[]],\"map\":{\"k\":\"v\"}}");
  }
}
