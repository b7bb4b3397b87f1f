package ai.omnix.pipeline.core.job.type;

/**
 * One reason a submission is invalid, pointing at the offending field (for example {@code
 * params.width}).
 */
public record Violation(String field, String message) {}
