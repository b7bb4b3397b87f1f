package ai.omnix.pipeline.core.job;

/**
 * Why a job failed: a stable machine-readable {@code code}, a message for humans, and whether a
 * retry could help.
 */
public record JobFailure(String code, String message, boolean retryable) {}
