package ai.omnix.pipeline.storage.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Blob storage settings ({@code omnix.storage.*}).
 *
 * @param backend where blobs live: {@code local} (default), {@code s3} or {@code gcs}
 * @param local settings of the {@code local} backend
 * @param s3 settings of the {@code s3} backend
 * @param gcs settings of the {@code gcs} backend
 */
@ConfigurationProperties("omnix.storage")
public record StorageProperties(String backend, Local local, S3 s3, Gcs gcs) {

  public StorageProperties {
    backend = backend == null || backend.isBlank() ? "local" : backend.strip();
    local = local == null ? new Local(null) : local;
    s3 = s3 == null ? new S3(null, null, null, null, null, null, null, null, null) : s3;
    gcs = gcs == null ? new Gcs(null, null, null, null, null) : gcs;
  }

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
