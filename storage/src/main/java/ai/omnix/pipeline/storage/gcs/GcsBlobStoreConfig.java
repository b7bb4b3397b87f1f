package ai.omnix.pipeline.storage.gcs;

import ai.omnix.pipeline.storage.KeyPrefix;
import java.nio.file.Path;

/**
 * Settings of {@link GcsBlobStore}.
 *
 * @param bucket the bucket, which must exist
 * @param keyPrefix the folder of the bucket this store owns, or null/empty for the whole bucket
 * @param projectId the Google Cloud project, or null to take it from the credentials or the
 *     environment
 * @param credentialsFile a service account key file, or null for Application Default Credentials
 * @param kmsKeyName the Cloud KMS key that encrypts what this store writes (CMEK, {@code
 *     projects/…/locations/…/keyRings/…/cryptoKeys/…}), or null for the bucket's default
 */
public record GcsBlobStoreConfig(
    String bucket, KeyPrefix keyPrefix, String projectId, Path credentialsFile, String kmsKeyName) {

  public GcsBlobStoreConfig {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("GCS bucket is required");
    }
    keyPrefix = keyPrefix == null ? KeyPrefix.of(null) : keyPrefix;
    projectId = projectId == null || projectId.isBlank() ? null : projectId;
    kmsKeyName = kmsKeyName == null || kmsKeyName.isBlank() ? null : kmsKeyName;
  }

  /** A config for {@code bucket} with Application Default Credentials and nothing else set. */
  public static GcsBlobStoreConfig of(String bucket) {
    return new GcsBlobStoreConfig(bucket, null, null, null, null);
  }
}
