package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** The ImageIO reader for a staged image, found from its bytes. */
public final class ImageReaders {
  private ImageReaders() {}

  /**
   * @param in the image's stream, or null when ImageIO could not open one
   * @throws JobFailedException {@code unsupported_format}, not retryable, with {@code refusal} as
   *     its message, when no reader knows the bytes
   */
  public static ImageReader first(ImageInputStream in, String refusal) {
    Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
    if (readers == null || !readers.hasNext()) {
      throw new JobFailedException(DocumentFailures.UNSUPPORTED, refusal, false);
    }
    return readers.next();
  }
}
