package ai.omnix.pipeline.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void aNewSecretFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("sub/secret");
    SecretFiles.Secret secret = SecretFiles.readOrCreate(file, () -> "s3cret-value");
    assertThat(secret.created()).isTrue();
    assertThat(Files.readString(file).trim()).isEqualTo("s3cret-value");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void anExistingSecretIsKeptAndAWorldReadableFileNarrowed() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "old-value\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    SecretFiles.Secret secret = SecretFiles.readOrCreate(file, () -> "new-value");
    assertThat(secret).isEqualTo(new SecretFiles.Secret("old-value", false, true));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void randomTokensDiffer() {
    assertThat(SecretFiles.randomToken(32)).hasSize(43).isNotEqualTo(SecretFiles.randomToken(32));
  }
}
