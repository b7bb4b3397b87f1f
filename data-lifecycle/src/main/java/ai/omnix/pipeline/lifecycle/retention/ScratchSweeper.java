package ai.omnix.pipeline.lifecycle.retention;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes leftovers on local disk that no row points at: resumable (tus) uploads and their locks
 * that tus's own cleanup missed (it runs on API processes only, every 10 minutes, and skips an
 * upload whose info file is gone or unreadable; a crash between storing the asset and deleting the
 * upload leaves one too), and the private workspaces of media jobs whose worker was killed before
 * it could delete them.
 *
 * <p>An entry (a file or directory directly under an area's directory) goes when nothing in it was
 * modified within the area's bound, judged by the injected clock; symbolic links are deleted as
 * links, never followed. Idempotent: a re-run after a crash deletes what is left. Plain Java,
 * thread-confined.
 */
public final class ScratchSweeper {
  /** Entries per area looked at in one run at most: a run stays bounded whatever is on disk. */
  static final int MAX_ENTRIES = 100_000;

  /**
   * One directory to sweep.
   *
   * @param namePrefix only entries whose name starts with it (null for all)
   */
  public record Area(String name, Path directory, String namePrefix, Duration maxAge) {}

  private final List<Area> areas;
  private final Clock clock;

  public ScratchSweeper(List<Area> areas, Clock clock) {
    this.areas = List.copyOf(areas);
    this.clock = clock;
  }

  public List<Area> areas() {
    return areas;
  }

  /**
   * Sweeps every area; in a dry run only counts. Returns, per area name, {@code deleted} (or {@code
   * would_delete}) entries and their {@code bytes}.
   */
  public Map<String, Object> sweep(boolean dryRun) throws IOException {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Area area : areas) {
      long entries = 0;
      long bytes = 0;
      Instant cutoff = clock.instant().minus(area.maxAge());
      for (Path entry : entries(area)) {
        Usage usage = usage(entry);
        if (usage == null || !usage.newest().isBefore(cutoff)) {
          continue;
        }
        if (!dryRun) {
          deleteTree(entry);
        }
        entries++;
        bytes += usage.bytes();
      }
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put(dryRun ? "would_delete" : "deleted", entries);
      counts.put("bytes", bytes);
      counts.put("older_than", area.maxAge().toString());
      result.put(area.name(), counts);
    }
    return result;
  }

  private static List<Path> entries(Area area) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(area.directory(), LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(area.directory())) {
      for (Path child : stream) {
        if (out.size() >= MAX_ENTRIES) {
          break;
        }
        if (area.namePrefix() == null
            || child.getFileName().toString().startsWith(area.namePrefix())) {
          out.add(child);
        }
      }
    }
    return out;
  }

  private record Usage(Instant newest, long bytes) {}

  /** The newest modification anywhere in the entry and its total size; null when it vanished. */
  private static Usage usage(Path entry) throws IOException {
    Instant[] newest = {Instant.MIN};
    long[] bytes = {0};
    try {
      Files.walkFileTree(
          entry,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              note(attrs);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              note(attrs);
              bytes[0] += attrs.isRegularFile() ? attrs.size() : 0;
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // vanished meanwhile
            }

            private void note(BasicFileAttributes attrs) {
              Instant modified = attrs.lastModifiedTime().toInstant();
              if (modified.isAfter(newest[0])) {
                newest[0] = modified;
              }
            }
          });
    } catch (NoSuchFileException e) {
      return null;
    }
    return newest[0].equals(Instant.MIN) ? null : new Usage(newest[0], bytes[0]);
  }

  private static void deleteTree(Path entry) throws IOException {
    Files.walkFileTree(
        entry,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
