package ai.omnix.pipeline.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A private temporary directory for one job attempt, under the configured work directory. Closing
 * it deletes it with everything in it, on success and on every failure path alike.
 */
public final class MediaWorkspace implements AutoCloseable {
  private final Path directory;

  private MediaWorkspace(Path directory) {
    this.directory = directory;
  }

  public static MediaWorkspace create(Path root) throws IOException {
    Files.createDirectories(root);
    return new MediaWorkspace(Files.createTempDirectory(root, "job-"));
  }

  public Path directory() {
    return directory;
  }

  public Path file(String name) {
    return directory.resolve(name);
  }

  @Override
  public void close() {
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException ignored) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete media workspace " + directory, e);
    }
  }
}
