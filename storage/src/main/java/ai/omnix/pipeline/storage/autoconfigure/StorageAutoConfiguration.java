package ai.omnix.pipeline.storage.autoconfigure;

import ai.omnix.pipeline.core.secret.SecretFiles;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.KeyPrefix;
import ai.omnix.pipeline.storage.crypto.DataKeys;
import ai.omnix.pipeline.storage.crypto.MasterKey;
import ai.omnix.pipeline.storage.crypto.PostgresDataKeyStore;
import ai.omnix.pipeline.storage.crypto.TinkEncryptingBlobStore;
import ai.omnix.pipeline.storage.gcs.GcsBlobStore;
import ai.omnix.pipeline.storage.gcs.GcsBlobStoreConfig;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import ai.omnix.pipeline.storage.s3.S3BlobStore;
import ai.omnix.pipeline.storage.s3.S3BlobStoreConfig;
import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one {@link BlobStore} of the process, chosen by {@code omnix.storage.backend}. A backend
 * whose required settings are missing or invalid stops the start-up with a message that names the
 * property to set. With encryption on (the default on local disk) the store is the backend wrapped
 * in a {@link TinkEncryptingBlobStore}.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(StorageProperties.class)
public class StorageAutoConfiguration {
  private static final String PREFIX = "omnix.storage.";

  @Bean
  @ConditionalOnMissingBean(BlobStore.class)
  BlobStore blobStore(
      StorageProperties properties, Environment environment, ObjectProvider<DataKeys> dataKeys)
      throws IOException {
    BlobStore backend = backendStore(properties, environment);
    DataKeys keys = dataKeys.getIfAvailable();
    return keys == null ? backend : new TinkEncryptingBlobStore(backend, keys);
  }

  /**
   * The data keys when encryption is on (the default on local disk), over the application's
   * database; refuses to start without one.
   */
  @Bean
  @ConditionalOnMissingBean(DataKeys.class)
  @Conditional(EncryptionEnabled.class)
  DataKeys dataKeys(
      StorageProperties properties,
      Environment environment,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<Clock> clock) {
    DataSource db = dataSource.getIfAvailable();
    if (db == null) {
      throw new IllegalStateException(
          PREFIX
              + "encryption needs the application's database (data keys live there): configure "
              + "spring.datasource, or set "
              + PREFIX
              + "encryption.enabled=false");
    }
    StorageProperties.Encryption encryption = properties.encryption();
    Duration cacheFor =
        encryption.keyCache() == null ? Duration.ofMinutes(1) : encryption.keyCache();
    return new DataKeys(
        new PostgresDataKeyStore(db),
        masterKey(encryption, environment),
        clock.getIfAvailable(Clock::systemUTC),
        cacheFor);
  }

  static Aead masterKey(StorageProperties.Encryption encryption, Environment environment) {
    if (!isBlank(encryption.masterKey()) && !isBlank(encryption.masterKeyFile())) {
      throw new IllegalStateException(
          PREFIX
              + "encryption.master-key and "
              + PREFIX
              + "encryption.master-key-file exclude each other: set one");
    }
    if (!isBlank(encryption.masterKey())) {
      return valid("encryption.master-key", () -> MasterKey.fromBase64(encryption.masterKey()));
    }
    if (!isBlank(encryption.masterKeyFile())) {
      Path file = valid("encryption.master-key-file", () -> Path.of(encryption.masterKeyFile()));
      try {
        return valid("encryption.master-key-file", () -> readKey(file));
      } catch (IllegalStateException e) {
        throw e;
      }
    }
    Path file = Path.of(environment.getProperty("omnix.data-dir", "data"), "storage-master-key");
    try {
      SecretFiles.Secret secret = MasterKey.readOrCreate(file);
      Logger log = LoggerFactory.getLogger(StorageAutoConfiguration.class);
      if (secret.created()) {
        log.warn(
            "Created the storage master key in {} (0600). Back it up apart from the blobs: without"
                + " it no encrypted blob can be read. Every process sharing these blobs needs the"
                + " same key ({}encryption.master-key or master-key-file).",
            file.toAbsolutePath(),
            PREFIX);
      }
      if (secret.narrowed()) {
        log.warn("{} was readable by others; it is now readable by its owner only", file);
      }
      return valid("encryption.master-key-file", () -> MasterKey.fromBase64(secret.value()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot keep the storage master key in "
              + file
              + "; set "
              + PREFIX
              + "encryption.master-key or "
              + PREFIX
              + "encryption.master-key-file",
          e);
    }
  }

  private static Aead readKey(Path file) {
    try {
      return MasterKey.fromFile(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** On by default for local disk; off by default for S3 and GCS. */
  static final class EncryptionEnabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      String enabled = env.getProperty(PREFIX + "encryption.enabled");
      if (enabled != null && !enabled.isBlank()) {
        return Boolean.parseBoolean(enabled.strip());
      }
      return "local".equalsIgnoreCase(env.getProperty(PREFIX + "backend", "local").strip());
    }
  }

  private static BlobStore backendStore(StorageProperties properties, Environment environment)
      throws IOException {
    return switch (properties.backend().toLowerCase(Locale.ROOT)) {
      case "local" -> new LocalBlobStore(localConfig(properties.local(), environment));
      case "s3" -> new S3BlobStore(s3Config(properties.s3()));
      case "gcs" -> new GcsBlobStore(gcsConfig(properties.gcs()));
      default ->
          throw new IllegalStateException(
              PREFIX + "backend must be one of local, s3, gcs, not '" + properties.backend() + "'");
    };
  }

  static LocalBlobStoreConfig localConfig(StorageProperties.Local local, Environment environment) {
    String root = local.root();
    if (isBlank(root)) {
      return new LocalBlobStoreConfig(
          Path.of(environment.getProperty("omnix.data-dir", "data"), "blobs"));
    }
    return new LocalBlobStoreConfig(valid("local.root", () -> Path.of(root)));
  }

  static S3BlobStoreConfig s3Config(StorageProperties.S3 s3) {
    String bucket = required("s3.bucket", s3.bucket(), "s3");
    URI endpoint =
        isBlank(s3.endpoint())
            ? null
            : valid(
                "s3.endpoint",
                () -> {
                  URI uri = URI.create(s3.endpoint().strip());
                  if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException(
                        "expected an absolute http(s) URL such as http://localhost:9000");
                  }
                  return uri;
                });
    String region =
        isBlank(s3.region()) && endpoint != null
            ? "us-east-1"
            : required("s3.region", s3.region(), "s3");
    if (isBlank(s3.accessKeyId()) != isBlank(s3.secretAccessKey())) {
      throw new IllegalStateException(
          PREFIX
              + "s3.access-key-id and "
              + PREFIX
              + "s3.secret-access-key go together: set both, or neither for the AWS default credentials chain");
    }
    S3BlobStoreConfig.Encryption encryption =
        valid(
            "s3.server-side-encryption",
            () -> S3BlobStoreConfig.Encryption.parse(s3.serverSideEncryption()));
    if (!isBlank(s3.kmsKeyId()) && encryption != S3BlobStoreConfig.Encryption.AWS_KMS) {
      throw new IllegalStateException(
          PREFIX + "s3.kms-key-id needs " + PREFIX + "s3.server-side-encryption=aws:kms");
    }
    KeyPrefix keyPrefix = valid("s3.key-prefix", () -> KeyPrefix.of(s3.keyPrefix()));
    return new S3BlobStoreConfig(
        endpoint,
        region,
        bucket,
        keyPrefix,
        s3.accessKeyId(),
        s3.secretAccessKey(),
        Boolean.TRUE.equals(s3.pathStyle()),
        encryption,
        s3.kmsKeyId());
  }

  static GcsBlobStoreConfig gcsConfig(StorageProperties.Gcs gcs) {
    String bucket = required("gcs.bucket", gcs.bucket(), "gcs");
    KeyPrefix keyPrefix = valid("gcs.key-prefix", () -> KeyPrefix.of(gcs.keyPrefix()));
    Path credentials = null;
    if (!isBlank(gcs.credentialsFile())) {
      credentials = valid("gcs.credentials-file", () -> Path.of(gcs.credentialsFile()));
      if (!Files.isReadable(credentials)) {
        throw new IllegalStateException(
            PREFIX + "gcs.credentials-file names no readable file: " + credentials);
      }
    }
    return new GcsBlobStoreConfig(
        bucket, keyPrefix, gcs.projectId(), credentials, gcs.kmsKeyName());
  }

  private static String required(String property, String value, String backend) {
    if (isBlank(value)) {
      throw new IllegalStateException(
          PREFIX
              + property
              + " is required when "
              + PREFIX
              + "backend="
              + backend
              + "; set it or choose another backend");
    }
    return value.strip();
  }

  private static <T> T valid(String property, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(PREFIX + property + " is invalid: " + e.getMessage(), e);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
