package ai.omnix.pipeline.core.job.type;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared job parameter. Validation is deliberately small and strict: a value must have the
 * declared JSON type and lie within the declared bounds; unknown parameters are refused by {@link
 * ParamsSchema}.
 *
 * <p>A {@link #secret() secret} parameter (a document's password) is write-only: the handler reads
 * it while the job runs, but no API answer or webhook payload shows it, and the store removes it
 * from the job when the job ends.
 */
public record ParamSpec(
    String name,
    Kind kind,
    boolean required,
    Double minimum,
    Double maximum,
    Integer maxLength,
    List<String> allowedValues,
    String description,
    boolean secret) {

  public enum Kind {
    INTEGER("integer"),
    NUMBER("number"),
    STRING("string"),
    BOOLEAN("boolean");

    private final String jsonType;

    Kind(String jsonType) {
      this.jsonType = jsonType;
    }

    public String jsonType() {
      return jsonType;
    }
  }

  public ParamSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(kind);
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }

  /** A parameter that is not secret. */
  public ParamSpec(
      String name,
      Kind kind,
      boolean required,
      Double minimum,
      Double maximum,
      Integer maxLength,
      List<String> allowedValues,
      String description) {
    this(name, kind, required, minimum, maximum, maxLength, allowedValues, description, false);
  }

  /** This parameter, write-only: accepted on submission, never shown again. */
  public ParamSpec writeOnly() {
    return new ParamSpec(
        name, kind, required, minimum, maximum, maxLength, allowedValues, description, true);
  }

  public static ParamSpec integer(
      String name, long min, long max, boolean required, String description) {
    return new ParamSpec(
        name, Kind.INTEGER, required, (double) min, (double) max, null, null, description);
  }

  public static ParamSpec number(
      String name, double min, double max, boolean required, String description) {
    return new ParamSpec(name, Kind.NUMBER, required, min, max, null, null, description);
  }

  public static ParamSpec string(String name, int maxLength, boolean required, String description) {
    return new ParamSpec(name, Kind.STRING, required, null, null, maxLength, null, description);
  }

  public static ParamSpec oneOf(
      String name, List<String> values, boolean required, String description) {
    return new ParamSpec(name, Kind.STRING, required, null, null, null, values, description);
  }

  public static ParamSpec bool(String name, boolean required, String description) {
    return new ParamSpec(name, Kind.BOOLEAN, required, null, null, null, null, description);
  }

  /** Checks one present value; empty when it is acceptable, else the reason. */
  public Optional<String> check(Object value) {
    switch (kind) {
      case INTEGER -> {
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
          return Optional.of("must be an integer");
        }
        return checkRange(((Number) value).doubleValue());
      }
      case NUMBER -> {
        if (!(value instanceof Number number)) {
          return Optional.of("must be a number");
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return Optional.of("must be a finite number");
        }
        return checkRange(d);
      }
      case STRING -> {
        if (!(value instanceof String s)) {
          return Optional.of("must be a string");
        }
        if (maxLength != null && s.length() > maxLength) {
          return Optional.of("must be at most " + maxLength + " characters");
        }
        if (!allowedValues.isEmpty() && !allowedValues.contains(s)) {
          return Optional.of("must be one of " + allowedValues);
        }
        return Optional.empty();
      }
      case BOOLEAN -> {
        return value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private Optional<String> checkRange(double d) {
    if (minimum != null && d < minimum) {
      return Optional.of("must be at least " + format(minimum));
    }
    if (maximum != null && d > maximum) {
      return Optional.of("must be at most " + format(maximum));
    }
    return Optional.empty();
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** This parameter as a JSON Schema property, for the published job-type catalogue. */
  public Map<String, Object> toJsonSchema() {
    var schema = new java.util.LinkedHashMap<String, Object>();
    schema.put("type", kind.jsonType());
    if (minimum != null) {
      schema.put("minimum", kind == Kind.INTEGER ? (Object) minimum.longValue() : minimum);
    }
    if (maximum != null) {
      schema.put("maximum", kind == Kind.INTEGER ? (Object) maximum.longValue() : maximum);
    }
    if (maxLength != null) {
      schema.put("maxLength", maxLength);
    }
    if (!allowedValues.isEmpty()) {
      schema.put("enum", allowedValues);
    }
    if (description != null) {
      schema.put("description", description);
    }
    if (secret) {
      schema.put("writeOnly", true);
    }
    return schema;
  }
}
