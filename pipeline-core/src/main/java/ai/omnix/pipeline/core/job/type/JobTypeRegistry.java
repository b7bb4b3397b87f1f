package ai.omnix.pipeline.core.job.type;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every job type the process knows and, in a process that runs jobs (the worker role), each type's
 * one handler. Construction fails, naming the fix, when two types share a name or a name is
 * malformed and, when handlers are given, when a type has no handler or two or a handler names no
 * known type: a worker with a half-wired registry would take jobs it can never run. A process that
 * only accepts jobs (the API role) builds the registry from the types alone and never constructs a
 * handler.
 */
public final class JobTypeRegistry {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private final Map<String, JobType> types;
  private final Map<String, JobHandler> handlers;
  private final boolean runsJobs;

  /** The registry of a process that runs jobs: every type must have exactly one handler. */
  public JobTypeRegistry(
      Collection<? extends JobType> types, Collection<? extends JobHandler> handlers) {
    this(types, handlers, true);
  }

  /** The registry of a process that only accepts jobs: types, no handlers. */
  public static JobTypeRegistry typesOnly(Collection<? extends JobType> types) {
    return new JobTypeRegistry(types, List.of(), false);
  }

  private JobTypeRegistry(
      Collection<? extends JobType> types,
      Collection<? extends JobHandler> handlers,
      boolean runsJobs) {
    Map<String, JobType> byName = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (JobType type : types) {
      if (!NAME.matcher(type.name()).matches()) {
        problems.add("job type name '" + type.name() + "' must match " + NAME.pattern());
      }
      JobType previous = byName.put(type.name(), type);
      if (previous != null) {
        problems.add(
            "job type '"
                + type.name()
                + "' is declared twice ("
                + origin(previous)
                + ", "
                + origin(type)
                + "): remove one declaration");
      }
    }
    Map<String, JobHandler> handlerByType = new TreeMap<>();
    for (JobHandler handler : handlers) {
      if (!byName.containsKey(handler.type())) {
        problems.add(
            "handler "
                + handler.getClass().getName()
                + " runs unknown job type '"
                + handler.type()
                + "': declare a JobType bean with that name or remove the handler");
      }
      JobHandler previous = handlerByType.put(handler.type(), handler);
      if (previous != null) {
        problems.add(
            "job type '"
                + handler.type()
                + "' has two handlers ("
                + previous.getClass().getName()
                + ", "
                + handler.getClass().getName()
                + "): keep exactly one");
      }
    }
    for (String name : byName.keySet()) {
      if (runsJobs && !handlerByType.containsKey(name)) {
        problems.add(
            "job type '"
                + name
                + "' has no handler: add a JobHandler bean whose type() is '"
                + name
                + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Job type registry is miswired:\n  - " + String.join("\n  - ", problems));
    }
    this.types = Collections.unmodifiableMap(byName);
    this.handlers = Collections.unmodifiableMap(handlerByType);
    this.runsJobs = runsJobs;
  }

  private static String origin(JobType type) {
    return type instanceof JobTypeSpec ? type.toString() : type.getClass().getName();
  }

  public Optional<JobType> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /**
   * @throws IllegalStateException in a registry built with {@link #typesOnly}
   */
  public JobHandler handler(String type) {
    if (!runsJobs) {
      throw new IllegalStateException(
          "this process only accepts jobs (worker role off): it has no handler for " + type);
    }
    JobHandler handler = handlers.get(type);
    if (handler == null) {
      throw new IllegalArgumentException("no handler for job type " + type);
    }
    return handler;
  }

  public Collection<JobType> types() {
    return types.values();
  }

  /**
   * Checks a submission against its type's declaration: inputs, parameters, and the type's own
   * rules.
   */
  public List<Violation> validate(JobType type, JobSubmission submission) {
    List<Violation> violations = new ArrayList<>();
    JobInput.Kind kind = submission.input().kind();
    if (!type.acceptedInputs().contains(kind)) {
      violations.add(
          new Violation(
              "input",
              kind == JobInput.Kind.NONE
                  ? "is required for job type " + type.name() + " (one of " + describe(type) + ")"
                  : "job type "
                      + type.name()
                      + " does not take "
                      + kind.name().toLowerCase()
                      + " input (takes "
                      + describe(type)
                      + ")"));
    }
    violations.addAll(
        type.paramsSchema()
            .validate(
                ai.omnix.pipeline.core.retention.JobRetention.withoutParam(submission.params())));
    ai.omnix.pipeline.core.retention.JobRetention.violation(submission.params())
        .ifPresent(
            message ->
                violations.add(
                    new Violation(
                        "params." + ai.omnix.pipeline.core.retention.JobRetention.PARAM, message)));
    if (violations.isEmpty()) {
      violations.addAll(type.validateFurther(submission));
    }
    return violations;
  }

  private static String describe(JobType type) {
    List<String> kinds = new ArrayList<>();
    for (JobInput.Kind k : type.acceptedInputs()) {
      kinds.add(
          switch (k) {
            case NONE -> "no input";
            case ASSET -> "asset_id";
            case ASSETS -> "asset_ids";
            case URL -> "url";
          });
    }
    return String.join(", ", kinds);
  }
}
