package ai.omnix.pipeline.core.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Secrets generated once and kept in a file of the data directory (the dashboard password, the URL
 * signing secret, the embedded database's password): readable by the owner only (0600) from the
 * moment the file exists, never replaced once written (two processes starting together agree on one
 * value), and an existing file with wider permissions is narrowed to 0600 when read.
 */
public final class SecretFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFiles() {}

  /**
   * The secret and whether this call created it.
   *
   * @param narrowed true when an existing file was readable by others and is now 0600
   */
  public record Secret(String value, boolean created, boolean narrowed) {}

  /** A URL-safe random token of {@code bytes} random bytes. */
  public static String randomToken(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /**
   * Reads the secret kept in {@code file}, or creates the file with {@code generate}'s value.
   *
   * @throws IOException when the file cannot be read or written, or is empty
   */
  public static Secret readOrCreate(Path file, Supplier<String> generate) throws IOException {
    Path absolute = file.toAbsolutePath();
    if (Files.exists(absolute)) {
      return read(absolute);
    }
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    String value = generate.get();
    Path tmp = createOwnerOnly(dir, "." + absolute.getFileName() + ".");
    try {
      Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
      try {
        // a hard link never replaces an existing file: whoever links first wins
        Files.createLink(absolute, tmp);
      } catch (FileAlreadyExistsException e) {
        return read(absolute);
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, absolute);
      }
      return new Secret(value, true, false);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Secret read(Path file) throws IOException {
    boolean narrowed = narrowToOwner(file);
    String value = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (value.isEmpty()) {
      throw new IOException(file + " is empty; delete it to generate a new secret");
    }
    return new Secret(value, false, narrowed);
  }

  private static Path createOwnerOnly(Path dir, String prefix) throws IOException {
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
      return Files.createTempFile(
          dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  private static boolean narrowToOwner(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null || view.readAttributes().permissions().equals(OWNER_ONLY)) {
      return false;
    }
    view.setPermissions(OWNER_ONLY);
    return true;
  }
}
