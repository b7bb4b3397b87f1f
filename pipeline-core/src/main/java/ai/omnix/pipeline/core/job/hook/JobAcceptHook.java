package ai.omnix.pipeline.core.job.hook;

/**
 * An effect of accepting a job, run inside the transaction that inserts it (a submission through
 * the API, a follow-up created when its parent succeeds, a scheduled run): credit reservation,
 * audit. A hook may refuse the job by throwing {@link JobRefusedException}; the insert then rolls
 * back and nothing of the job remains.
 *
 * <p>Contract: called once per inserted job (a replayed idempotency key inserts nothing and calls
 * no hook), on the inserting thread, inside its transaction. Hooks run in {@link #order()} order,
 * then registration order.
 */
public interface JobAcceptHook {

  void jobAccepted(AcceptedJob job);

  default int order() {
    return 0;
  }
}
