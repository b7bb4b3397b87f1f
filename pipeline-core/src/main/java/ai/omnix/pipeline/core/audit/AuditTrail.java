package ai.omnix.pipeline.core.audit;

import java.util.List;

/** Reading the audit log: pages of it, and a walk of the whole chain. Thread-safe. */
public interface AuditTrail {

  /** Records matching the query, newest (highest seq) first, at most {@code query.limit()}. */
  List<AuditRecord> find(AuditQuery query);

  /**
   * Walks the chain from its first record in seq order and reports the first broken link. Reads in
   * batches: memory does not grow with the log.
   */
  ChainVerification verify();
}
