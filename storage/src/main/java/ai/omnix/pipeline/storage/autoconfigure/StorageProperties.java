package ai.omnix.pipeline.storage.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Blob storage settings ({@code omnix.storage.*}).
 *
 * @param backend where blobs live: {@code local} (default), {@code s3} or {@code gcs}
 * @param local settings of the {@code local} backend
 * @param s3 settings of the {@code s3} backend
 * @param gcs settings of the {@code gcs} backend
 * @param encryption per-tenant encryption of blobs (crypto-shredding)
 */
@ConfigurationProperties("omnix.storage")
public record StorageProperties(
    String backend, Local local, S3 s3, Gcs gcs, Encryption encryption) {

  public StorageProperties {
    backend = backend == null || backend.isBlank() ? "local" : backend.strip();
    local = local == null ? new Local(null) : local;
    s3 = s3 == null ? new S3(null, null, null, null, null, null, null, null, null) : s3;
    gcs = gcs == null ? new Gcs(null, null, null, null, null) : gcs;
    encryption = encryption == null ? new Encryption(null, null, null, null) : encryption;
  }

  /**
   * Per-tenant encryption of blobs: each tenant's blobs are encrypted with its own data key (Tink
   * streaming AEAD), kept in PostgreSQL wrapped by the master key; erasing a tenant destroys its
   * key first.
   *
   * @param enabled default true on the {@code local} backend, false on {@code s3} and {@code gcs}
   *     (which keep their server-side encryption and may add this on top)
   * @param masterKey the master key: base64 of 32 random bytes
   * @param masterKeyFile a file holding the master key in base64; when neither is set, {@code
   *     <omnix.data-dir>/storage-master-key} is used, created (0600) on first start
   * @param keyCache how long a process keeps an unwrapped data key; default 1 minute (a key
   *     destroyed by another process stays usable here that long)
   */
  public record Encryption(
      Boolean enabled, String masterKey, String masterKeyFile, java.time.Duration keyCache) {}

  /**
   * The {@code local} backend.
   *
   * @param root the directory of all blobs; default {@code <omnix.data-dir>/blobs} ({@code
   *     data/blobs})
   */
  public record Local(String root) {}

  /**
   * The {@code s3} backend.
   *
   * @param endpoint an S3-compatible server's URL (MinIO, S3Proxy, R2, …); unset for AWS
   * @param region the signing region; required for AWS, default {@code us-east-1} when an endpoint
   *     is set
   * @param bucket the bucket (required)
   * @param keyPrefix the folder of the bucket that holds the blobs; unset for the whole bucket
   * @param accessKeyId static credentials; unset for the AWS default credentials chain
   * @param secretAccessKey the secret of {@code access-key-id}
   * @param pathStyle path-style addressing, which most S3-compatible servers need; default false
   * @param serverSideEncryption {@code none} (default), {@code AES256} or {@code aws:kms}
   * @param kmsKeyId the KMS key for {@code aws:kms}; unset for the account's default S3 key
   */
  public record S3(
      String endpoint,
      String region,
      String bucket,
      String keyPrefix,
      String accessKeyId,
      String secretAccessKey,
      Boolean pathStyle,
      String serverSideEncryption,
      String kmsKeyId) {}

  /**
   * The {@code gcs} backend.
   *
   * @param bucket the bucket (required)
   * @param keyPrefix the folder of the bucket that holds the blobs; unset for the whole bucket
   * @param projectId the project; unset to take it from the credentials or the environment
   * @param credentialsFile a service account key file; unset for Application Default Credentials
   * @param kmsKeyName a Cloud KMS key for customer-managed encryption of new objects; unset for the
   *     bucket default
   */
  public record Gcs(
      String bucket,
      String keyPrefix,
      String projectId,
      String credentialsFile,
      String kmsKeyName) {}
}
