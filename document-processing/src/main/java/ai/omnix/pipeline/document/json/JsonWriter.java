package ai.omnix.pipeline.document.json;

import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and null as JSON. Small on purpose: this module's
 * outputs need nothing more, and it keeps a JSON library (and its version) out of the processing
 * module.
 */
public final class JsonWriter {
  private JsonWriter() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      out.append("null");
    } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      out.append("null");
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (var entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(entry.getKey()));
        out.append(':');
        append(out, entry.getValue());
      }
      out.append('}');
    } else if (value instanceof Iterable<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        append(out, item);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  private static void string(StringBuilder out, CharSequence s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
