package ai.omnix.pipeline.core.audit;

import java.time.Instant;

/**
 * An event as the log holds it: its place in the chain, its time, its fields, and the hashes that
 * link it to the one before. {@code type} is a string so that a row written by a newer version
 * still reads (and verifies).
 *
 * @param seq position in the chain, from 1, without gaps
 * @param occurredAt the log's clock at append, to the microsecond
 * @param metadata the canonical JSON exactly as hashed
 * @param prevHash the previous record's {@code hash} ({@link AuditChain#GENESIS} for the first)
 * @param hash lower-case hex SHA-256 of {@link AuditChain#canonical(AuditRecord)}
 */
public record AuditRecord(
    long seq,
    Instant occurredAt,
    String type,
    String tenantId,
    String actorType,
    String actorId,
    String resourceType,
    String resourceId,
    String action,
    String ip,
    String userAgent,
    boolean success,
    String metadata,
    String prevHash,
    String hash) {

  /** The record that appending {@code event} at {@code seq} after {@code prevHash} produces. */
  public static AuditRecord append(
      long seq, Instant occurredAt, String prevHash, AuditEvent event) {
    AuditRecord unhashed =
        new AuditRecord(
            seq,
            occurredAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
            event.type().name(),
            event.tenant() == null ? null : event.tenant().value(),
            event.actor().kind().wireName(),
            event.actor().id(),
            event.resourceType(),
            event.resourceId(),
            event.action(),
            event.ip(),
            event.userAgent(),
            event.success(),
            AuditChain.metadataJson(event.metadata()),
            prevHash,
            null);
    return unhashed.withHash(AuditChain.hash(unhashed));
  }

  public AuditRecord withHash(String newHash) {
    return new AuditRecord(
        seq,
        occurredAt,
        type,
        tenantId,
        actorType,
        actorId,
        resourceType,
        resourceId,
        action,
        ip,
        userAgent,
        success,
        metadata,
        prevHash,
        newHash);
  }
}
