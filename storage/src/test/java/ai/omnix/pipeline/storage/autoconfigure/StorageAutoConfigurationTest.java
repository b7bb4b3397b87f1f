package ai.omnix.pipeline.storage.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.crypto.DataKeys;
import ai.omnix.pipeline.storage.crypto.MasterKey;
import ai.omnix.pipeline.storage.crypto.TinkEncryptingBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStore;
import ai.omnix.pipeline.storage.local.LocalBlobStoreConfig;
import ai.omnix.pipeline.storage.s3.S3BlobStore;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StorageAutoConfigurationTest {
  @TempDir Path dataDir;

  /** Encryption off: these tests are about choosing the backend. */
  private ApplicationContextRunner runner() {
    return encryptingRunner().withPropertyValues("omnix.storage.encryption.enabled=false");
  }

  private ApplicationContextRunner encryptingRunner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(StorageAutoConfiguration.class))
        .withPropertyValues("omnix.data-dir=" + dataDir);
  }

  /** Creating the beans never touches the database; a data source that refuses every call. */
  private static DataSource unusedDataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException("not used at start-up");
            });
  }

  @Test
  void localDiskIsEncryptedByDefaultWithAMasterKeyFileOnlyItsOwnerReads() throws Exception {
    encryptingRunner()
        .withBean(DataSource.class, StorageAutoConfigurationTest::unusedDataSource)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              BlobStore store = context.getBean(BlobStore.class);
              assertThat(store).isInstanceOf(TinkEncryptingBlobStore.class);
              assertThat(store.backend()).isEqualTo("local");
              assertThat(((TinkEncryptingBlobStore) store).backendStore())
                  .isInstanceOf(LocalBlobStore.class);
              assertThat(context).hasSingleBean(DataKeys.class);
            });
    Path keyFile = dataDir.resolve("storage-master-key");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String key = Files.readString(keyFile).strip();
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    encryptingRunner()
        .withBean(DataSource.class, StorageAutoConfigurationTest::unusedDataSource)
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
  }

  @Test
  void encryptionWithoutADatabaseFailsNamingTheSwitch() {
    encryptingRunner()
        .run(context -> assertFailsSaying(context, "omnix.storage.encryption.enabled=false"));
  }

  @Test
  void aMasterKeyThatIsNot32BytesFailsNamingTheProperty() {
    encryptingRunner()
        .withBean(DataSource.class, StorageAutoConfigurationTest::unusedDataSource)
        .withPropertyValues("omnix.storage.encryption.master-key=c2hvcnQ=")
        .run(
            context ->
                assertFailsSaying(
                    context,
                    "omnix.storage.encryption.master-key is invalid: master key must be 32 bytes"));
  }

  @Test
  void s3IsNotEncryptedByDefaultButCanBe() {
    ApplicationContextRunner s3 =
        encryptingRunner()
            .withBean(DataSource.class, StorageAutoConfigurationTest::unusedDataSource)
            .withPropertyValues(
                "omnix.storage.backend=s3",
                "omnix.storage.s3.bucket=b",
                "omnix.storage.s3.endpoint=http://127.0.0.1:9",
                "omnix.storage.encryption.master-key=" + MasterKey.generateBase64());
    s3.run(context -> assertThat(context.getBean(BlobStore.class)).isInstanceOf(S3BlobStore.class));
    s3.withPropertyValues("omnix.storage.encryption.enabled=true")
        .run(
            context -> {
              assertThat(context.getBean(BlobStore.class))
                  .isInstanceOf(TinkEncryptingBlobStore.class);
              assertThat(context.getBean(BlobStore.class).backend()).isEqualTo("s3");
            });
  }

  @Test
  void defaultIsOneLocalBlobStoreUnderTheDataDirectory() {
    runner()
        .run(
            context -> {
              assertThat(context).hasSingleBean(BlobStore.class);
              assertThat(context.getBean(BlobStore.class)).isInstanceOf(LocalBlobStore.class);
              assertThat(((LocalBlobStore) context.getBean(BlobStore.class)).root())
                  .isEqualTo(dataDir.toRealPath().resolve("blobs"));
            });
  }

  @Test
  void localRootCanBeSet() {
    runner()
        .withPropertyValues(
            "omnix.storage.backend=local", "omnix.storage.local.root=" + dataDir.resolve("x"))
        .run(
            context ->
                assertThat(((LocalBlobStore) context.getBean(BlobStore.class)).root())
                    .isEqualTo(dataDir.toRealPath().resolve("x")));
  }

  @Test
  void s3WithoutABucketFailsNamingTheProperty() {
    runner()
        .withPropertyValues("omnix.storage.backend=s3", "omnix.storage.s3.region=eu-west-1")
        .run(
            context ->
                assertFailsSaying(
                    context, "omnix.storage.s3.bucket is required when omnix.storage.backend=s3"));
  }

  @Test
  void s3OnAwsWithoutARegionFailsNamingTheProperty() {
    runner()
        .withPropertyValues("omnix.storage.backend=s3", "omnix.storage.s3.bucket=assets")
        .run(context -> assertFailsSaying(context, "omnix.storage.s3.region"));
  }

  @Test
  void s3WithAnEndpointIsOneS3BlobStore() {
    runner()
        .withPropertyValues(
            "omnix.storage.backend=S3",
            "omnix.storage.s3.bucket=assets",
            "omnix.storage.s3.endpoint=http://127.0.0.1:9000",
            "omnix.storage.s3.path-style=true",
            "omnix.storage.s3.access-key-id=key",
            "omnix.storage.s3.secret-access-key=secret",
            "omnix.storage.s3.server-side-encryption=aws:kms",
            "omnix.storage.s3.kms-key-id=alias/omnix")
        .run(
            context -> {
              assertThat(context).hasSingleBean(BlobStore.class);
              assertThat(context.getBean(BlobStore.class)).isInstanceOf(S3BlobStore.class);
              assertThat(context.getBean(BlobStore.class).backend()).isEqualTo("s3");
            });
  }

  @Test
  void s3SettingsThatContradictEachOtherFailNamingTheProperty() {
    runner()
        .withPropertyValues(
            "omnix.storage.backend=s3",
            "omnix.storage.s3.bucket=a",
            "omnix.storage.s3.region=eu-west-1",
            "omnix.storage.s3.server-side-encryption=rot13")
        .run(context -> assertFailsSaying(context, "omnix.storage.s3.server-side-encryption"));
    runner()
        .withPropertyValues(
            "omnix.storage.backend=s3",
            "omnix.storage.s3.bucket=a",
            "omnix.storage.s3.region=eu-west-1",
            "omnix.storage.s3.kms-key-id=k")
        .run(context -> assertFailsSaying(context, "omnix.storage.s3.kms-key-id"));
    runner()
        .withPropertyValues(
            "omnix.storage.backend=s3",
            "omnix.storage.s3.bucket=a",
            "omnix.storage.s3.region=eu-west-1",
            "omnix.storage.s3.access-key-id=k")
        .run(context -> assertFailsSaying(context, "omnix.storage.s3.secret-access-key"));
    runner()
        .withPropertyValues(
            "omnix.storage.backend=s3",
            "omnix.storage.s3.bucket=a",
            "omnix.storage.s3.region=eu-west-1",
            "omnix.storage.s3.key-prefix=../up")
        .run(context -> assertFailsSaying(context, "omnix.storage.s3.key-prefix"));
  }

  @Test
  void gcsWithoutABucketFailsNamingTheProperty() {
    runner()
        .withPropertyValues("omnix.storage.backend=gcs")
        .run(
            context ->
                assertFailsSaying(
                    context,
                    "omnix.storage.gcs.bucket is required when omnix.storage.backend=gcs"));
  }

  @Test
  void gcsWithAMissingCredentialsFileFailsNamingTheProperty() {
    runner()
        .withPropertyValues(
            "omnix.storage.backend=gcs",
            "omnix.storage.gcs.bucket=assets",
            "omnix.storage.gcs.credentials-file=" + dataDir.resolve("missing.json"))
        .run(context -> assertFailsSaying(context, "omnix.storage.gcs.credentials-file"));
  }

  @Test
  void anUnknownBackendFailsNamingThePropertyAndTheChoices() {
    runner()
        .withPropertyValues("omnix.storage.backend=azure")
        .run(
            context ->
                assertFailsSaying(
                    context, "omnix.storage.backend must be one of local, s3, gcs, not 'azure'"));
  }

  /** Start-up failed, and some exception in the chain says {@code text}. */
  private static void assertFailsSaying(AssertableApplicationContext context, String text) {
    assertThat(context).hasFailed();
    List<String> messages = new ArrayList<>();
    for (Throwable t = context.getStartupFailure();
        t != null && messages.size() < 20;
        t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    assertThat(messages).anySatisfy(m -> assertThat(m).contains(text));
  }

  @Test
  void anApplicationsOwnBlobStoreWins() throws Exception {
    BlobStore own = new LocalBlobStore(new LocalBlobStoreConfig(dataDir.resolve("own")));
    runner()
        .withBean(BlobStore.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasSingleBean(BlobStore.class);
              assertThat(context.getBean(BlobStore.class)).isSameAs(own);
            });
  }
}
