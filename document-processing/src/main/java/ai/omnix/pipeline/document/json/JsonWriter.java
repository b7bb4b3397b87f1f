package ai.omnix.pipeline.document.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes this module's JSON outputs ({@code document.json}, {@code ocr.json}) with Jackson. A
 * number that is not finite (a mean confidence of no words) is written as {@code null}: JSON has no
 * NaN, and a string "NaN" would break readers that expect a number.
 */
public final class JsonWriter {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("finite-numbers")
                  .addSerializer(Double.class, new FiniteOrNull<>(Double.class))
                  .addSerializer(Double.TYPE, new FiniteOrNull<>(Double.TYPE))
                  .addSerializer(Float.class, new FiniteOrNull<>(Float.class))
                  .addSerializer(Float.TYPE, new FiniteOrNull<>(Float.TYPE)))
          .build();

  private JsonWriter() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  private static final class FiniteOrNull<T extends Number> extends StdSerializer<T> {
    @SuppressWarnings("unchecked")
    FiniteOrNull(Class<?> type) {
      super((Class<T>) type);
    }

    @Override
    public void serialize(T value, JsonGenerator out, SerializationContext context) {
      double d = value.doubleValue();
      if (Double.isFinite(d)) {
        if (value instanceof Float f) {
          out.writeNumber(f);
        } else {
          out.writeNumber(d);
        }
      } else {
        out.writeNull();
      }
    }
  }
}
