package ai.omnix.pipeline.core.storage;

import java.time.Instant;

/** What a backend knows about a stored blob. */
public record BlobMetadata(BlobKey key, long size, String contentType, Instant lastModified) {}
