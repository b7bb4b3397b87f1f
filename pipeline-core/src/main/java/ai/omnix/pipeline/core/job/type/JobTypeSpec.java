package ai.omnix.pipeline.core.job.type;

import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A {@link JobType} declared as data instead of a class of getters:
 *
 * <pre>{@code
 * JobType probe =
 *     JobTypeSpec.named("probe")
 *         .description("Reads a media asset's facts.")
 *         .queueClass(QueueClass.LIGHT)
 *         .inputs(JobInput.Kind.ASSET)
 *         .credits(1)
 *         .build();
 * }</pre>
 *
 * Name, description, queue class, accepted inputs and credits are required; parameters default to
 * none, attempts to {@link JobType#maxAttempts() 3}, further validation and default follow-ups to
 * none. Immutable and thread-safe once built.
 */
public final class JobTypeSpec implements JobType {
  private final String name;
  private final String description;
  private final QueueClass queueClass;
  private final ParamsSchema paramsSchema;
  private final Set<JobInput.Kind> acceptedInputs;
  private final ToLongFunction<JobSubmission> credits;
  private final int maxAttempts;
  private final Function<JobSubmission, List<Violation>> furtherValidation;
  private final Function<JobSubmission, List<FollowUp>> defaultFollowUps;

  private JobTypeSpec(Builder b) {
    this.name = b.name;
    this.description = Objects.requireNonNull(b.description, () -> b.name + ": no description");
    this.queueClass = Objects.requireNonNull(b.queueClass, () -> b.name + ": no queue class");
    this.paramsSchema = b.paramsSchema;
    if (b.acceptedInputs.isEmpty()) {
      throw new IllegalArgumentException(b.name + ": declare the inputs it accepts");
    }
    this.acceptedInputs = Set.copyOf(b.acceptedInputs);
    this.credits = Objects.requireNonNull(b.credits, () -> b.name + ": no credit estimate");
    this.maxAttempts = b.maxAttempts;
    this.furtherValidation = b.furtherValidation;
    this.defaultFollowUps = b.defaultFollowUps;
  }

  /** Starts the declaration of the type clients submit as {@code name}. */
  public static Builder named(String name) {
    return new Builder(Objects.requireNonNull(name));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public QueueClass queueClass() {
    return queueClass;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return paramsSchema;
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return acceptedInputs;
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return credits.applyAsLong(submission);
  }

  @Override
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public List<Violation> validateFurther(JobSubmission submission) {
    return furtherValidation.apply(submission);
  }

  @Override
  public List<FollowUp> defaultFollowUps(JobSubmission submission) {
    return defaultFollowUps.apply(submission);
  }

  @Override
  public String toString() {
    return "JobTypeSpec[" + name + ", " + queueClass.wireName() + "]";
  }

  /** Collects a declaration; {@link #build()} checks it is complete. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String description;
    private QueueClass queueClass;
    private ParamsSchema paramsSchema = ParamsSchema.of();
    private final Set<JobInput.Kind> acceptedInputs = EnumSet.noneOf(JobInput.Kind.class);
    private ToLongFunction<JobSubmission> credits;
    private int maxAttempts = 3;
    private Function<JobSubmission, List<Violation>> furtherValidation = s -> List.of();
    private Function<JobSubmission, List<FollowUp>> defaultFollowUps = s -> List.of();

    private Builder(String name) {
      this.name = name;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder queueClass(QueueClass queueClass) {
      this.queueClass = queueClass;
      return this;
    }

    public Builder params(ParamSpec... params) {
      return params(ParamsSchema.of(params));
    }

    public Builder params(ParamsSchema schema) {
      this.paramsSchema = Objects.requireNonNull(schema);
      return this;
    }

    public Builder inputs(JobInput.Kind... kinds) {
      acceptedInputs.addAll(List.of(kinds));
      return this;
    }

    /** The same estimate for every submission. */
    public Builder credits(long credits) {
      return credits(s -> credits);
    }

    /** An estimate that depends on the submission, such as the chosen model's price. */
    public Builder credits(ToLongFunction<JobSubmission> estimate) {
      this.credits = estimate;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(name + ": maxAttempts must be at least 1");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Checks beyond the schema, run only when the schema and inputs passed. */
    public Builder validatedBy(Function<JobSubmission, List<Violation>> rule) {
      this.furtherValidation = Objects.requireNonNull(rule);
      return this;
    }

    public Builder defaultFollowUps(Function<JobSubmission, List<FollowUp>> followUps) {
      this.defaultFollowUps = Objects.requireNonNull(followUps);
      return this;
    }

    public JobTypeSpec build() {
      return new JobTypeSpec(this);
    }
  }
}
