package ai.omnix.pipeline.storage.local;

import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobMetadata;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.core.storage.NoSuchBlobException;
import ai.omnix.pipeline.storage.ByteRange;
import ai.omnix.pipeline.storage.ContentTypes;
import ai.omnix.pipeline.storage.DeclaredLengthInputStream;
import ai.omnix.pipeline.storage.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blobs as files under one root directory: key {@code a/b/c} is the file {@code <root>/a/b/c}.
 *
 * <p>Layout: the content type of {@code c} is kept in the sidecar file {@code .c.type} beside it
 * (UTF-8, one line). Writes go to a temporary file {@code .c.<random>.tmp} in the same directory,
 * which is then renamed over the blob (atomic on POSIX file systems), so a reader sees the old or
 * the new content, never a partial one. Names starting with a dot can never be a key segment
 * ({@link BlobKey}), so sidecars and temporary files never collide with blobs and {@link #list}
 * skips them. A key cannot be both a blob and the prefix of another blob ({@code a/b} and {@code
 * a/b/c}) on a file system: such a put fails with an {@link IOException}. Directories left empty by
 * a delete are removed.
 *
 * <p>Every path is checked to resolve (symbolic links followed) inside the root, and symbolic links
 * inside the root are never treated as blobs. Writers of one key in this process are serialised
 * around the final renames; several processes sharing a root keep last-writer-wins per file.
 */
public final class LocalBlobStore implements BlobStore {
  private static final String TYPE_SUFFIX = ".type";
  private static final int COPY_BUFFER = 1024 * 1024;
  private static final int MAX_TYPE_FILE = ContentTypes.MAX_LENGTH + 16;
  private static final int CREATE_ATTEMPTS = 5;
  private static final int LOCK_STRIPES = 64;

  private final Path root;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  public LocalBlobStore(LocalBlobStoreConfig config) throws IOException {
    Path dir = config.root().toAbsolutePath().normalize();
    Files.createDirectories(dir);
    this.root = dir.toRealPath();
    if (!Files.isDirectory(root) || !Files.isWritable(root)) {
      throw new IOException("storage root is not a writable directory: " + root);
    }
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The real path of the root directory. */
  public Path root() {
    return root;
  }

  @Override
  public String backend() {
    return "local";
  }

  @Override
  public BlobMetadata put(BlobKey key, InputStream content, long contentLength, String contentType)
      throws IOException {
    String type = ContentTypes.orDefault(contentType);
    DeclaredLengthInputStream in = new DeclaredLengthInputStream(content, contentLength);
    Path target = pathOf(key);
    Path dir = target.getParent();
    Path dataTmp = null;
    Path typeTmp = null;
    boolean stored = false;
    try {
      dataTmp = createTempIn(dir, target);
      try (FileChannel ch = FileChannel.open(dataTmp, StandardOpenOption.WRITE)) {
        // few large writes, one fsync at the end
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
          ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
          while (bb.hasRemaining()) {
            ch.write(bb);
          }
        }
        ch.force(true);
      }
      typeTmp = createTempIn(dir, target);
      Files.write(typeTmp, type.getBytes(StandardCharsets.US_ASCII));
      ReentrantLock lock = lockFor(key);
      lock.lock();
      try {
        Files.move(
            dataTmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            typeTmp,
            typeFileOf(target),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        lock.unlock();
      }
      forceDirectory(dir);
      stored = true;
      return new BlobMetadata(key, in.count(), type, Files.getLastModifiedTime(target).toInstant());
    } finally {
      deleteQuietly(dataTmp);
      deleteQuietly(typeTmp);
      if (!stored) {
        pruneEmptyDirectories(dir);
      }
    }
  }

  @Override
  public Optional<BlobMetadata> head(BlobKey key) throws IOException {
    Path file = pathOf(key);
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      return Optional.ofNullable(metadataOf(key, file));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public InputStream open(BlobKey key) throws IOException {
    return open(key, 0, -1);
  }

  @Override
  public InputStream open(BlobKey key, long offset, long length) throws IOException {
    ByteRange range = new ByteRange(offset, length);
    Path file = pathOf(key);
    FileChannel ch;
    try {
      if (!isRegularFile(file)) {
        throw new NoSuchBlobException(key);
      }
      ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new NoSuchBlobException(key);
    }
    try {
      ch.position(range.offset());
      InputStream in = Channels.newInputStream(ch);
      return range.isToEnd() ? in : new LimitedInputStream(in, range.length());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public List<BlobMetadata> list(BlobKey prefix, int max) throws IOException {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0");
    }
    List<BlobMetadata> out = new ArrayList<>(Math.min(max, 1024));
    Path dir = pathOf(prefix);
    if (max > 0 && isDirectory(dir)) {
      walk(dir, prefix.value(), out, max);
    }
    return out;
  }

  /**
   * Depth-first in the order of the keys' strings: a directory sorts as its name plus '/', as its
   * keys do.
   */
  private void walk(Path dir, String keyPrefix, List<BlobMetadata> out, int max)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (!BlobKey.isValid(name)) {
          continue;
        }
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (attrs.isDirectory()) {
          entries.add(new Entry(name + "/", child, true));
        } else if (attrs.isRegularFile()) {
          entries.add(new Entry(name, child, false));
        }
      }
    } catch (NoSuchFileException e) {
      return;
    }
    entries.sort(Comparator.comparing(Entry::sortKey));
    for (Entry entry : entries) {
      if (out.size() >= max) {
        return;
      }
      String name = entry.path().getFileName().toString();
      BlobKey key = new BlobKey(keyPrefix + "/" + name);
      if (entry.directory()) {
        walk(entry.path(), key.value(), out, max);
      } else {
        BlobMetadata metadata = metadataOf(key, entry.path());
        if (metadata != null) {
          out.add(metadata);
        }
      }
    }
  }

  private record Entry(String sortKey, Path path, boolean directory) {}

  @Override
  public boolean delete(BlobKey key) throws IOException {
    Path file = pathOf(key);
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      if (!isRegularFile(file)) {
        return false;
      }
      boolean deleted = Files.deleteIfExists(file);
      Files.deleteIfExists(typeFileOf(file));
      pruneEmptyDirectories(file.getParent());
      return deleted;
    } catch (NotDirectoryException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void copy(BlobKey source, BlobKey target) throws IOException {
    Path from = pathOf(source);
    Path to = pathOf(target);
    if (!isRegularFile(from)) {
      throw new NoSuchBlobException(source);
    }
    if (from.equals(to)) {
      return;
    }
    Path dir = to.getParent();
    Path dataTmp = null;
    Path typeTmp = null;
    boolean stored = false;
    try {
      String type = contentTypeOf(from);
      dataTmp = createTempIn(dir, to);
      try {
        Files.copy(from, dataTmp, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw new NoSuchBlobException(source);
      }
      typeTmp = createTempIn(dir, to);
      Files.write(typeTmp, type.getBytes(StandardCharsets.US_ASCII));
      ReentrantLock lock = lockFor(target);
      lock.lock();
      try {
        Files.move(
            dataTmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            typeTmp,
            typeFileOf(to),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        lock.unlock();
      }
      stored = true;
    } finally {
      deleteQuietly(dataTmp);
      deleteQuietly(typeTmp);
      if (!stored) {
        pruneEmptyDirectories(dir);
      }
    }
  }

  /** Local disk cannot sign: the API serves its own signed link. */
  @Override
  public Optional<URI> presignedGet(BlobKey key, Duration expiresIn, DownloadHeaders headers) {
    return Optional.empty();
  }

  /** The key's path, checked to stay inside the root even through symbolic links. */
  private Path pathOf(BlobKey key) throws IOException {
    Path path = root.resolve(key.value()).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IOException("blob key resolves outside the storage root");
    }
    // The key is validated already; this also refuses a symbolic link planted under the root that
    // leads out of it.
    Path existing = path;
    Path real;
    while (true) {
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        throw new IOException("storage root is gone: " + root);
      }
      try {
        real = existing.toRealPath();
        break;
      } catch (NoSuchFileException e) {
        if (Files.isSymbolicLink(existing)) {
          throw new IOException("blob key resolves through a dangling symbolic link");
        }
        existing = existing.getParent(); // deleted meanwhile: look again from its parent
      }
    }
    if (!real.startsWith(root)) {
      throw new IOException("blob key resolves outside the storage root");
    }
    return path;
  }

  private static Path typeFileOf(Path blob) {
    return blob.resolveSibling("." + blob.getFileName() + TYPE_SUFFIX);
  }

  private BlobMetadata metadataOf(BlobKey key, Path file) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
    if (!attrs.isRegularFile()) {
      return null;
    }
    return new BlobMetadata(
        key, attrs.size(), contentTypeOf(file), attrs.lastModifiedTime().toInstant());
  }

  private static String contentTypeOf(Path blob) throws IOException {
    Path typeFile = typeFileOf(blob);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(typeFile, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_TYPE_FILE);
    } catch (NoSuchFileException e) {
      return ContentTypes.DEFAULT;
    }
    try {
      return ContentTypes.orDefault(new String(bytes, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      return ContentTypes.DEFAULT;
    }
  }

  /**
   * A temporary file beside {@code target}; retried because a concurrent delete may prune the fresh
   * directory.
   */
  private Path createTempIn(Path dir, Path target) throws IOException {
    String prefix = "." + target.getFileName() + ".";
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, prefix, ".tmp");
      } catch (NoSuchFileException e) {
        if (attempt == CREATE_ATTEMPTS) {
          throw e;
        }
      } catch (FileAlreadyExistsException e) {
        throw new IOException(
            "a blob already exists where a prefix of this key needs a directory", e);
      }
    }
  }

  private void pruneEmptyDirectories(Path dir) {
    for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      if (!isDirectory(d)) {
        return; // a blob where a directory was wanted (the put failed for that): never delete it
      }
      try {
        Files.delete(d);
      } catch (IOException e) {
        // not empty (DirectoryNotEmptyException), gone, or not a directory: stop climbing
        return;
      }
    }
  }

  /** Makes the renames durable: a crash after put returned must not lose the blob. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (UnsupportedOperationException ignored) {
      // a file system that cannot sync a directory (not Linux); the data itself is synced
    }
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // best effort on a failure path; the name starts with a dot, so list never shows it
      }
    }
  }

  private static boolean isRegularFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isDirectory(Path path) {
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }

  private ReentrantLock lockFor(BlobKey key) {
    return locks[Math.floorMod(key.value().hashCode(), locks.length)];
  }
}
