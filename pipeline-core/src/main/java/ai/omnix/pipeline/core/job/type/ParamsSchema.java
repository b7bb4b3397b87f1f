package ai.omnix.pipeline.core.job.type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared parameters of a job type. Unknown parameters are an error, so a typo never silently
 * does nothing.
 */
public final class ParamsSchema {
  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();

  private ParamsSchema(List<ParamSpec> specs) {
    for (ParamSpec spec : specs) {
      if (this.specs.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("parameter declared twice: " + spec.name());
      }
    }
  }

  public static ParamsSchema of(ParamSpec... specs) {
    return new ParamsSchema(List.of(specs));
  }

  public List<Violation> validate(Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    for (var entry : params.entrySet()) {
      ParamSpec spec = specs.get(entry.getKey());
      if (spec == null) {
        violations.add(
            new Violation("params." + entry.getKey(), "is not a parameter of this job type"));
      } else if (entry.getValue() != null) {
        spec.check(entry.getValue())
            .ifPresent(m -> violations.add(new Violation("params." + spec.name(), m)));
      }
    }
    for (ParamSpec spec : specs.values()) {
      if (spec.required() && params.get(spec.name()) == null) {
        violations.add(new Violation("params." + spec.name(), "is required"));
      }
    }
    return violations;
  }

  /**
   * The names of the {@link ParamSpec#secret() secret} parameters, which the API and webhooks never
   * show.
   */
  public java.util.Set<String> secretNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    specs.values().stream().filter(ParamSpec::secret).forEach(s -> names.add(s.name()));
    return names;
  }

  public Map<String, Object> toJsonSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    specs
        .values()
        .forEach(
            s -> {
              properties.put(s.name(), s.toJsonSchema());
              if (s.required()) {
                required.add(s.name());
              }
            });
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    schema.put("properties", properties);
    schema.put("required", required);
    return schema;
  }
}
