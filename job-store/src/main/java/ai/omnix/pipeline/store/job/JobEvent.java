package ai.omnix.pipeline.store.job;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a job's event log: a status change or a progress step. {@code id} orders events of
 * all jobs.
 */
public record JobEvent(
    long id,
    String kind,
    String status,
    int progress,
    int attempt,
    Map<String, Object> data,
    Instant at) {}
