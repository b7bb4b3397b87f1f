package ai.omnix.pipeline.core.job.hook;

/**
 * An effect of a job ending (succeeded, failed or canceled), run inside the transaction that ends
 * it: the webhook outbox, follow-up creation, provider capacity, credit settlement, audit. Adding
 * an effect adds a hook; the store that ends jobs does not change.
 *
 * <p>Contract: called once per job, on the thread and in the database transaction that wrote the
 * terminal status, so a hook that writes through the same {@code DataSource} commits or rolls back
 * with the job. A hook must not fail for a business reason (there is no one left to tell): an
 * exception rolls the whole end back and the job is ended again later (by its worker's retry or the
 * lost-run sweeper), so a hook must also be idempotent. Hooks run in {@link #order()} order, then
 * registration order.
 */
public interface JobEndHook {

  void jobEnded(EndedJob job);

  /** Lower runs first. Settlement and audit that read what earlier hooks wrote use a later slot. */
  default int order() {
    return 0;
  }
}
