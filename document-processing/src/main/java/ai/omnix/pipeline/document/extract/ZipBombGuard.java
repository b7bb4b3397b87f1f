package ai.omnix.pipeline.document.extract;

import ai.omnix.pipeline.document.DocumentFailures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Inflates every entry of a zip container (OOXML, OpenDocument, EPUB, plain zip) into nothing
 * before it is parsed, and refuses it as {@code document_bomb} once an entry inflates more than
 * {@value #MAX_RATIO}× its compressed size (after a grace of {@value #GRACE_BYTES} bytes), the
 * whole inflates beyond {@link #maxTotalBytes}, or it holds too many entries. Tika's {@code
 * SecureContentHandler} only watches text that reaches the handler, so an entry of markup or
 * comments that expands a thousandfold slips past it (measured: a 300 MB comment in a DOCX parses
 * for seconds); this check stops at the first excess megabyte. Sizes declared in the zip directory
 * are not trusted: bytes are counted as they inflate.
 */
final class ZipBombGuard {
  static final int MAX_RATIO = 100;
  static final long GRACE_BYTES = 1L << 20;
  static final int MAX_ENTRIES = 20_000;

  private final long maxTotalBytes;

  ZipBombGuard(long maxTotalBytes) {
    this.maxTotalBytes = maxTotalBytes;
  }

  static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'K'
          && magic[2] == 3
          && magic[3] == 4;
    }
  }

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code document_bomb}
   */
  void check(Path file, Runnable checkpoint) {
    byte[] sink = new byte[64 * 1024];
    long total = 0;
    int entries = 0;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (++entries > MAX_ENTRIES) {
          throw DocumentFailures.bomb(new IOException("more than " + MAX_ENTRIES + " zip entries"));
        }
        if (entry.isDirectory()) {
          continue;
        }
        long compressed = Math.max(entry.getCompressedSize(), 1);
        long inflated = 0;
        try (InputStream in = zip.getInputStream(entry)) {
          int n;
          while ((n = in.read(sink)) > 0) {
            inflated += n;
            total += n;
            if (inflated > GRACE_BYTES && inflated > compressed * MAX_RATIO) {
              throw DocumentFailures.bomb(
                  new IOException(
                      "zip bomb: " + entry.getName() + " inflates over " + MAX_RATIO + "x"));
            }
            if (total > maxTotalBytes) {
              throw DocumentFailures.bomb(
                  new IOException("zip bomb: inflates beyond " + maxTotalBytes + " bytes"));
            }
            if ((inflated & 0xFFFFF) < n) {
              checkpoint.run();
            }
          }
        }
      }
    } catch (IOException e) {
      // a zip that java.util.zip cannot read is left to the parser, which reports it as unreadable
    }
  }
}
