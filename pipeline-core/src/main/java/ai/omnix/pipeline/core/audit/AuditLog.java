package ai.omnix.pipeline.core.audit;

/**
 * The append-only, hash-chained audit log: what the code that performs an action calls.
 *
 * <p><b>Same transaction.</b> A database-backed log appends inside the caller's transaction when
 * one is active, so the event commits or rolls back with the action it records; without one it uses
 * a transaction of its own.
 *
 * <p><b>One linear chain.</b> Appends from any number of threads and processes form one chain
 * without gaps: each append holds the chain's lock (a transaction-scoped lock in the database)
 * until its transaction ends. Record the event as the last step of the transaction, so the lock is
 * held only for the commit.
 *
 * <p>Thread-safe.
 */
public interface AuditLog {

  /**
   * Appends an event with the log's current time and returns it as stored.
   *
   * @throws IllegalArgumentException when its metadata cannot be stored (too large, too deep, a
   *     non-finite number)
   */
  AuditRecord record(AuditEvent event);
}
