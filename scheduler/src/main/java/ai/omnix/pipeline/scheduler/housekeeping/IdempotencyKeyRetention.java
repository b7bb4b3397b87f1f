package ai.omnix.pipeline.scheduler.housekeeping;

import java.time.Duration;

/**
 * How long an idempotency key is remembered ({@code omnix.scheduler.idempotency-key-retention}).
 */
public record IdempotencyKeyRetention(Duration value) {}
