package ai.omnix.pipeline.core.audit;

/**
 * What walking the audit chain found.
 *
 * @param valid whether every record checked out
 * @param checked how many records checked out (before the broken one, if any)
 * @param headSeq the last record that checked out, or null when none did
 * @param headHash its hash: keep it elsewhere to pin the chain up to it
 * @param brokenSeq the first record whose link is broken, or null when valid
 * @param problem {@code hash_mismatch} (the record was edited), {@code prev_hash_mismatch} (the one
 *     before it was edited and re-hashed, or its link was), {@code missing_records} (records were
 *     removed), or null when valid
 */
public record ChainVerification(
    boolean valid,
    long checked,
    Long headSeq,
    String headHash,
    Long brokenSeq,
    String problem,
    String detail) {}
