package ai.omnix.pipeline.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * A private temporary directory for one job attempt, under the configured work directory. Closing
 * it deletes it with everything in it, on success and on every failure path alike.
 */
public final class MediaWorkspace implements AutoCloseable {
  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("image/jpeg", ".jpg"),
          Map.entry("image/png", ".png"),
          Map.entry("image/webp", ".webp"),
          Map.entry("image/tiff", ".tif"),
          Map.entry("image/gif", ".gif"),
          Map.entry("image/bmp", ".bmp"),
          Map.entry("video/mp4", ".mp4"),
          Map.entry("video/quicktime", ".mov"),
          Map.entry("video/webm", ".webm"),
          Map.entry("video/x-matroska", ".mkv"),
          Map.entry("video/x-msvideo", ".avi"),
          Map.entry("audio/mpeg", ".mp3"),
          Map.entry("audio/mp4", ".m4a"),
          Map.entry("audio/ogg", ".ogg"),
          Map.entry("audio/vnd.wave", ".wav"),
          Map.entry("audio/x-wav", ".wav"));

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

  /**
   * Where the job's input goes. The name never derives from the user's filename (ffmpeg would take
   * an extension as a format hint, and a leading dash as an option); its extension comes from the
   * type the pipeline sniffed from the bytes at upload, because ffmpeg probing a file without one
   * is several times slower (measured: about 17 against 100 JPEG probes a second, see
   * docs/BENCHMARKS.md).
   */
  public Path sourceFile(String contentType) {
    return file(sourceName(contentType));
  }

  /** {@code source} plus the extension of the sniffed type, if a known one. */
  static String sourceName(String contentType) {
    return "source" + (contentType == null ? "" : EXTENSIONS.getOrDefault(contentType, ""));
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
