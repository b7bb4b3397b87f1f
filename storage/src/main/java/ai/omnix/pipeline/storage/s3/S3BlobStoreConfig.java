package ai.omnix.pipeline.storage.s3;

import ai.omnix.pipeline.storage.KeyPrefix;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of {@link S3BlobStore}.
 *
 * @param endpoint the server of an S3-compatible service (MinIO, S3Proxy, R2, …), or null for AWS
 * @param region the signing region, required (S3-compatible servers usually accept {@code
 *     us-east-1})
 * @param bucket the bucket, which must exist
 * @param keyPrefix the folder of the bucket this store owns, or null/empty for the whole bucket
 * @param accessKeyId static credentials, or null to use the AWS default credentials chain
 * @param secretAccessKey the secret of {@code accessKeyId}; both or neither
 * @param pathStyle address the bucket in the path ({@code host/bucket/key}) instead of the host
 *     name; most S3-compatible servers need it
 * @param serverSideEncryption how S3 encrypts what this store writes
 * @param kmsKeyId the KMS key for {@link Encryption#AWS_KMS}, or null for the account's default S3
 *     key
 */
public record S3BlobStoreConfig(
    URI endpoint,
    String region,
    String bucket,
    KeyPrefix keyPrefix,
    String accessKeyId,
    String secretAccessKey,
    boolean pathStyle,
    Encryption serverSideEncryption,
    String kmsKeyId) {

  public S3BlobStoreConfig {
    if (isBlank(region)) {
      throw new IllegalArgumentException("S3 region is required");
    }
    if (isBlank(bucket)) {
      throw new IllegalArgumentException("S3 bucket is required");
    }
    keyPrefix = keyPrefix == null ? KeyPrefix.of(null) : keyPrefix;
    accessKeyId = isBlank(accessKeyId) ? null : accessKeyId;
    secretAccessKey = isBlank(secretAccessKey) ? null : secretAccessKey;
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "S3 access key id and secret access key go together: set both or neither");
    }
    serverSideEncryption = Objects.requireNonNullElse(serverSideEncryption, Encryption.NONE);
    kmsKeyId = isBlank(kmsKeyId) ? null : kmsKeyId;
    if (kmsKeyId != null && serverSideEncryption != Encryption.AWS_KMS) {
      throw new IllegalArgumentException("a KMS key id needs server-side encryption aws:kms");
    }
  }

  /**
   * A config for {@code bucket} in {@code region} with the default credentials chain and nothing
   * else set.
   */
  public static S3BlobStoreConfig of(String region, String bucket) {
    return new S3BlobStoreConfig(
        null, region, bucket, null, null, null, false, Encryption.NONE, null);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** Server-side encryption of written objects, by its S3 header value. */
  public enum Encryption {
    NONE("none"),
    AES256("AES256"),
    AWS_KMS("aws:kms");

    private final String value;

    Encryption(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    /** Parses {@code none}, {@code AES256} or {@code aws:kms} (any case); null or blank is none. */
    public static Encryption parse(String value) {
      if (value == null || value.isBlank()) {
        return NONE;
      }
      String v = value.strip().toLowerCase(Locale.ROOT);
      for (Encryption e : values()) {
        if (e.value.toLowerCase(Locale.ROOT).equals(v)
            || e.name().toLowerCase(Locale.ROOT).equals(v)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "unknown server-side encryption '" + value + "': expected none, AES256 or aws:kms");
    }
  }
}
