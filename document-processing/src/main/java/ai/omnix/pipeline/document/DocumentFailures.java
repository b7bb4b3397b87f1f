package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.util.Locale;

/**
 * The stable failure codes of document jobs. None is retryable except storage trouble: the same
 * file fails again.
 */
public final class DocumentFailures {
  public static final String ENCRYPTED = "encrypted";
  public static final String UNREADABLE = "unreadable_document";
  public static final String TOO_MANY_PAGES = "too_many_pages";
  public static final String BOMB = "document_bomb";
  public static final String TIMEOUT = "document_timeout";
  public static final String IMAGE_TOO_LARGE = "image_too_large";
  public static final String LANGUAGE_UNAVAILABLE = "language_unavailable";
  public static final String UNSUPPORTED = "unsupported_format";
  public static final String STORAGE_UNAVAILABLE = "storage_unavailable";

  private DocumentFailures() {}

  public static JobFailedException encrypted(String what) {
    return new JobFailedException(
        ENCRYPTED,
        what
            + " is encrypted and the password is missing or wrong; pass the right one in params.password.",
        false);
  }

  public static JobFailedException unreadable(String detail, Throwable cause) {
    return new JobFailedException(
        UNREADABLE, "The document could not be read: " + detail, false, cause);
  }

  public static JobFailedException tooManyPages(long pages, int max, String planName) {
    return new JobFailedException(
        TOO_MANY_PAGES,
        "The document has "
            + pages
            + " pages; the "
            + planName
            + " plan processes documents of at most "
            + max
            + " pages.",
        false);
  }

  public static JobFailedException bomb(Throwable cause) {
    return new JobFailedException(
        BOMB,
        "The document expands far beyond its size (a decompression bomb) and was refused.",
        false,
        cause);
  }

  public static JobFailedException imageTooLarge(
      long width, long height, long max, String planName) {
    return new JobFailedException(
        IMAGE_TOO_LARGE,
        "The image is "
            + width
            + "x"
            + height
            + " pixels; the "
            + planName
            + " plan processes images (and pages) of at most "
            + max
            + " pixels.",
        false);
  }

  /**
   * True when Tika's SecureContentHandler or POI's ZipSecureFile recognised a decompression bomb.
   */
  public static boolean isBomb(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("zip bomb")) {
        return true;
      }
      if (t.getClass().getSimpleName().contains("ZipBomb")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first job failure or cancel in a cause chain, so a library wrapping our own checkpoint
   * exceptions is seen through.
   */
  public static RuntimeException jobOutcomeIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JobFailedException
          || t instanceof ai.omnix.pipeline.core.job.handler.JobCanceledException) {
        return (RuntimeException) t;
      }
    }
    return null;
  }

  /**
   * What an image decoder's failure means for the job: our own failure or cancel seen through the
   * decoder's wrapping, else {@code unreadable_document}.
   */
  public static RuntimeException imageDecoding(Exception error) {
    RuntimeException outcome = jobOutcomeIn(error);
    return outcome != null
        ? outcome
        : unreadable("the image could not be decoded (" + error.getMessage() + ")", error);
  }
}
