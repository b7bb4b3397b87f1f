package ai.omnix.pipeline.core.job.type;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import java.util.List;
import java.util.Set;

/**
 * The declaration of a job type: its name, its parameters, which inputs it takes, how it uses a
 * worker and what it is estimated to cost. Exactly one {@link
 * ai.omnix.pipeline.core.job.handler.JobHandler} runs each type; the {@link JobTypeRegistry}
 * refuses to start otherwise. Implementations are immutable and thread-safe.
 */
public interface JobType {

  /** The wire name clients send in {@code type}: lower case, digits and dashes. */
  String name();

  String description();

  QueueClass queueClass();

  ParamsSchema paramsSchema();

  Set<JobInput.Kind> acceptedInputs();

  /** Credits reserved at submission; the handler may settle a different actual cost. */
  long estimateCredits(JobSubmission submission);

  /**
   * Most attempts (first run plus retries, including re-runs after a lost worker) before the job
   * fails.
   */
  default int maxAttempts() {
    return 3;
  }

  /** Checks beyond the declared schema (for example, that {@code end} is after {@code start}). */
  default List<Violation> validateFurther(JobSubmission submission) {
    return List.of();
  }

  /**
   * Follow-ups to create when the submission names none, such as a generated video's poster and web
   * rendition. The types they name must be registered where the job is submitted.
   */
  default List<ai.omnix.pipeline.core.job.FollowUp> defaultFollowUps(JobSubmission submission) {
    return List.of();
  }
}
