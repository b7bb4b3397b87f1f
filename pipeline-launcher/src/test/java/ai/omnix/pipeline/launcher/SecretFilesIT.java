package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.storage.crypto.TinkEncryptingBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Secrets the application generates into its data directory are readable by their owner only. */
class SecretFilesIT extends PipelineTestSupport {
  @Value("${omnix.data-dir}")
  String dataDir;

  @Test
  void theUrlSigningSecretIsWrittenOwnerOnly() throws Exception {
    Path file = Path.of(dataDir).resolve("url-signing-secret");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Autowired BlobStore blobs;

  @Test
  void theEmbeddedDefaultEncryptsBlobsWithAMasterKeyWrittenOwnerOnly() throws Exception {
    Path file = Path.of(dataDir).resolve("storage-master-key");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(blobs).isInstanceOf(TinkEncryptingBlobStore.class);
    assertThat(blobs.backend()).isEqualTo("local");
  }
}
