package ai.omnix.pipeline.generation.job;

import java.io.IOException;
import java.io.InputStream;

/**
 * The file types generation jobs accept from providers, told apart by their first bytes, never by a
 * header.
 */
enum MediaKind {
  PNG("image/png", "png", false),
  JPEG("image/jpeg", "jpg", false),
  WEBP("image/webp", "webp", false),
  MP4("video/mp4", "mp4", true),
  WEBM("video/webm", "webm", true);

  private final String contentType;
  private final String extension;
  private final boolean video;

  MediaKind(String contentType, String extension, boolean video) {
    this.contentType = contentType;
    this.extension = extension;
    this.video = video;
  }

  String contentType() {
    return contentType;
  }

  String extension() {
    return extension;
  }

  boolean video() {
    return video;
  }

  /** Peeks at a stream that supports mark/reset; null for anything else. */
  static MediaKind sniff(InputStream in) throws IOException {
    in.mark(16);
    byte[] head = in.readNBytes(12);
    in.reset();
    if (head.length >= 8
        && (head[0] & 0xff) == 0x89
        && head[1] == 'P'
        && head[2] == 'N'
        && head[3] == 'G') {
      return PNG;
    }
    if (head.length >= 3
        && (head[0] & 0xff) == 0xff
        && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return JPEG;
    }
    if (head.length >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return WEBP;
    }
    if (head.length >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
      return MP4;
    }
    if (head.length >= 4
        && (head[0] & 0xff) == 0x1a
        && (head[1] & 0xff) == 0x45
        && (head[2] & 0xff) == 0xdf
        && (head[3] & 0xff) == 0xa3) {
      return WEBM;
    }
    return null;
  }
}
